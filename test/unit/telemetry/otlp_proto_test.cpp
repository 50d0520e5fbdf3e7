// The hand-written OTLP protobuf encoders against the classes protoc generates from
// runtime/telemetry/proto/: every field of spans, log records and metrics read back through
// libprotobuf (which also reads the metrics' JSON encoding), long messages whose lengths take
// several bytes, and the response readers (partial success, google.rpc.Status, RetryInfo).
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <map>

#include <plumb/json.hpp>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "runtime/telemetry/otlp_metrics.hpp"
#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/protobuf_wire.hpp"

namespace plumb::telemetry {
namespace {

namespace otlp = opentelemetry::proto;

std::map<std::string, otlp::common::v1::AnyValue> attributes(
    const google::protobuf::RepeatedPtrField<otlp::common::v1::KeyValue>& list) {
  std::map<std::string, otlp::common::v1::AnyValue> out;
  for (const auto& item : list)
    out[item.key()] = item.value();
  return out;
}

std::string big_endian(std::initializer_list<std::uint64_t> words) {
  std::string out;
  for (std::uint64_t word : words) {
    for (int shift = 56; shift >= 0; shift -= 8)
      out += static_cast<char>((word >> shift) & 0xFF);
  }
  return out;
}

TEST(OtlpProto, SpansReadBackThroughTheGeneratedClasses) {
  NodeMeta node{{"main", "fetch", "http.get", "etl.pipe", 12, 3}, 0, "", {{"team", "data"}}};
  RunMeta run{"main", "interp", "r1"};
  SpanRecord ok;
  ok.trace = TraceId{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  ok.span_id = 0xffULL;
  ok.parent_id = 0x1000000000000001ULL;
  ok.start_ns = 1700000000000000000;
  ok.end_ns = 1700000000000000123;
  ok.node = &node;
  ok.run = &run;
  ok.attempt = 2;
  ok.extras = new SpanExtras{{},
                             {{"ratio", Value::number(0.5)},
                              {"ok", Value::boolean(true)},
                              {"delta", Value::integer(-7)},
                              {"api_key", Value::string("s3cr3t")}},
                             "",
                             ""};
  SpanRecord failed;
  failed.trace = ok.trace;
  failed.span_id = 0x1000000000000001ULL;
  failed.start_ns = 10;
  failed.end_ns = 20;
  failed.run = &run;
  failed.kind = SpanKind::Run;
  failed.error = true;
  failed.extras = new SpanExtras{{}, {}, "timeout", "timed out after 1s"};

  std::vector<ExportItem> items(2);
  items[0].service = items[1].service = "billing";
  encode_span_proto(items[0].encoded, SpanView(ok), Redactor());
  encode_span_proto(items[1].encoded, SpanView(failed), Redactor());
  delete ok.extras;
  delete failed.extras;
  const std::string body = encode_traces_request_proto(items, sdk_resource({{"region", "eu"}}));

  otlp::collector::trace::v1::ExportTraceServiceRequest request;
  ASSERT_TRUE(request.ParseFromString(body));
  ASSERT_EQ(request.resource_spans_size(), 1);
  const auto& resource_spans = request.resource_spans(0);
  auto resource = attributes(resource_spans.resource().attributes());
  EXPECT_EQ(resource["service.name"].string_value(), "billing");
  EXPECT_EQ(resource["telemetry.sdk.name"].string_value(), "plumb");
  EXPECT_EQ(resource["region"].string_value(), "eu");
  ASSERT_EQ(resource_spans.scope_spans_size(), 1);
  EXPECT_EQ(resource_spans.scope_spans(0).scope().name(), "plumb");
  ASSERT_EQ(resource_spans.scope_spans(0).spans_size(), 2);

  const auto& span = resource_spans.scope_spans(0).spans(0);
  EXPECT_EQ(span.trace_id(), big_endian({0x0123456789abcdefULL, 0xfedcba9876543210ULL}));
  EXPECT_EQ(span.span_id(), big_endian({0xffULL}));
  EXPECT_EQ(span.parent_span_id(), big_endian({0x1000000000000001ULL}));
  EXPECT_EQ(span.name(), "fetch");
  EXPECT_EQ(span.kind(), otlp::trace::v1::Span::SPAN_KIND_INTERNAL);
  EXPECT_EQ(span.start_time_unix_nano(), 1700000000000000000ULL);
  EXPECT_EQ(span.end_time_unix_nano(), 1700000000000000123ULL);
  EXPECT_FALSE(span.has_status());
  auto attrs = attributes(span.attributes());
  EXPECT_EQ(attrs["plumb.node"].string_value(), "fetch");
  EXPECT_EQ(attrs["code.line.number"].int_value(), 12);
  EXPECT_EQ(attrs["plumb.retry.attempt"].int_value(), 2);
  EXPECT_EQ(attrs["team"].string_value(), "data");
  EXPECT_EQ(attrs["ratio"].double_value(), 0.5);
  EXPECT_TRUE(attrs["ok"].bool_value());
  EXPECT_EQ(attrs["delta"].int_value(), -7);
  EXPECT_EQ(attrs["api_key"].string_value(), "[REDACTED]");

  const auto& root = resource_spans.scope_spans(0).spans(1);
  EXPECT_TRUE(root.parent_span_id().empty());
  EXPECT_EQ(root.name(), "main");
  EXPECT_EQ(root.status().code(), otlp::trace::v1::Status::STATUS_CODE_ERROR);
  EXPECT_EQ(root.status().message(), "timed out after 1s");
  ASSERT_EQ(root.events_size(), 1);
  EXPECT_EQ(root.events(0).name(), "exception");
  EXPECT_EQ(root.events(0).time_unix_nano(), 20u);
  auto event = attributes(root.events(0).attributes());
  EXPECT_EQ(event["exception.type"].string_value(), "timeout");
  EXPECT_EQ(event["exception.message"].string_value(), "timed out after 1s");
}

// `trace.event` events (redacted like attributes) come before a failure's `exception` event;
// the counts the per-span limits dropped are carried.
TEST(OtlpProto, SpanEventsAndDroppedCounts) {
  NodeMeta node{{"main", "load", "call", "etl.pipe", 3, 1}, 0, "load", {}};
  node.span_name = "load customers";
  RunMeta run{"main", "interp", "r1"};
  SpanExtras extras{{}, {{"rows", Value::integer(3)}}, "timeout", "late"};
  extras.events = {SpanEvent{"cache_warm",
                             1700000000000000050,
                             {{"size", Value::integer(7)}, {"token", Value::string("t")}}}};
  extras.dropped_attributes = 2;
  extras.dropped_events = 1;
  SpanRecord record;
  record.trace = TraceId{1, 2};
  record.span_id = 0xab;
  record.start_ns = 1700000000000000000;
  record.end_ns = 1700000000000000100;
  record.node = &node;
  record.run = &run;
  record.error = true;
  record.extras = &extras;
  std::string encoded;
  encode_span_proto(encoded, SpanView(record), Redactor());

  otlp::trace::v1::Span span;
  ASSERT_TRUE(span.ParseFromString(encoded));
  EXPECT_EQ(span.name(), "load customers");
  EXPECT_EQ(span.dropped_attributes_count(), 2u);
  EXPECT_EQ(span.dropped_events_count(), 1u);
  EXPECT_EQ(attributes(span.attributes())["rows"].int_value(), 3);
  ASSERT_EQ(span.events_size(), 2);
  EXPECT_EQ(span.events(0).name(), "cache_warm");
  EXPECT_EQ(span.events(0).time_unix_nano(), 1700000000000000050u);
  auto event = attributes(span.events(0).attributes());
  EXPECT_EQ(event["size"].int_value(), 7);
  EXPECT_EQ(event["token"].string_value(), "[REDACTED]");
  EXPECT_EQ(span.events(1).name(), "exception");
}

TEST(OtlpProto, ServicesGroupConsecutiveItems) {
  std::vector<ExportItem> items = {{"a", {}}, {"a", {}}, {"b", {}}};
  for (ExportItem& item : items) {
    LogRecord record;
    record.message = item.service;
    encode_log_proto(item.encoded, record, Redactor());
  }
  otlp::collector::logs::v1::ExportLogsServiceRequest request;
  ASSERT_TRUE(request.ParseFromString(encode_logs_request_proto(items, {})));
  ASSERT_EQ(request.resource_logs_size(), 2);
  EXPECT_EQ(request.resource_logs(0).scope_logs(0).log_records_size(), 2);
  EXPECT_EQ(request.resource_logs(1).scope_logs(0).log_records(0).body().string_value(), "b");
}

TEST(OtlpProto, LogRecordsCarryTheirSpan) {
  LogRecord record;
  record.time_ns = 1700000000000000001;
  record.level = LogLevel::Warn;
  record.message = "loaded";
  record.fields = {{"rows", Value::integer(3)}, {"password", Value::string("x")}};
  record.trace_id = "0123456789abcdeffedcba9876543210";
  record.span_id = "00000000000000ff";
  record.pipeline = "main";
  record.node = "load";
  std::vector<ExportItem> items(1);
  items[0].service = "main";
  encode_log_proto(items[0].encoded, record, Redactor());
  otlp::collector::logs::v1::ExportLogsServiceRequest request;
  ASSERT_TRUE(request.ParseFromString(encode_logs_request_proto(items, {})));
  const auto& log = request.resource_logs(0).scope_logs(0).log_records(0);
  EXPECT_EQ(log.time_unix_nano(), 1700000000000000001ULL);
  EXPECT_EQ(log.observed_time_unix_nano(), 1700000000000000001ULL);
  EXPECT_EQ(log.severity_number(), otlp::logs::v1::SEVERITY_NUMBER_WARN);
  EXPECT_EQ(log.severity_text(), "WARN");
  EXPECT_EQ(log.body().string_value(), "loaded");
  EXPECT_EQ(log.flags(), 1u);
  EXPECT_EQ(log.trace_id(), big_endian({0x0123456789abcdefULL, 0xfedcba9876543210ULL}));
  EXPECT_EQ(log.span_id(), big_endian({0xffULL}));
  auto attrs = attributes(log.attributes());
  EXPECT_EQ(attrs["plumb.logger"].string_value(), "pipeline");
  EXPECT_EQ(attrs["plumb.node"].string_value(), "load");
  EXPECT_EQ(attrs["rows"].int_value(), 3);
  EXPECT_EQ(attrs["password"].string_value(), "[REDACTED]");
}

// Issue 17 items 3 and 18 item 14 over OTLP/protobuf: the record's sequence number, and
// secrets nested in record-valued fields and URLs in the message redacted, as in OTLP/JSON.
TEST(OtlpProto, LogRecordsCarryTheirSequenceAndAreRedactedAtAnyDepth) {
  LogRecord record;
  record.message = "GET https://u:pw@h/x?api_key=k1&page=2";
  record.fields = {{"request", parse_json(R"({"headers":{"Authorization":"Bearer t"},"n":1})")},
                   {"gen_ai.usage.input_tokens", Value::integer(12)}};
  record.sequence = 4;
  std::vector<ExportItem> items(1);
  items[0].service = "main";
  encode_log_proto(items[0].encoded, record, Redactor());
  EXPECT_EQ(items[0].encoded.find("Bearer"), std::string::npos);
  otlp::collector::logs::v1::ExportLogsServiceRequest request;
  ASSERT_TRUE(request.ParseFromString(encode_logs_request_proto(items, {})));
  const auto& log = request.resource_logs(0).scope_logs(0).log_records(0);
  EXPECT_EQ(log.body().string_value(), "GET https://REDACTED:REDACTED@h/x?api_key=REDACTED&page=2");
  auto attrs = attributes(log.attributes());
  EXPECT_EQ(attrs["plumb.log.sequence"].int_value(), 4);
  EXPECT_EQ(parse_json(attrs["request"].string_value()),
            parse_json(R"({"headers":{"Authorization":"[REDACTED]"},"n":1})"));
  EXPECT_EQ(attrs["gen_ai.usage.input_tokens"].int_value(), 12);
}

std::vector<MetricFamily> sample_families() {
  MetricFamily runs{"plumb_node_runs_total", MetricKind::Counter, "Node executions.", {}, {}};
  runs.series.push_back(MetricSeries{{{"node", "a"}, {"status", "ok"}}, 5});
  MetricFamily active{"plumb_pipeline_active", MetricKind::Gauge, "", {}, {}};
  active.series.push_back(MetricSeries{{{"pipeline", "main"}}, 1});
  MetricFamily latency{"latency_seconds", MetricKind::Histogram, "Latency.", {0.1, 1}, {}};
  MetricSeries observed{{{"node", "a"}}, 0};
  observed.buckets = {2, 3};  // cumulative, as snapshot() gives them
  observed.count = 4;
  observed.sum = 7.5;
  latency.series.push_back(observed);
  MetricFamily empty{"unused_total", MetricKind::Counter, "", {}, {}};
  return {runs, active, latency, empty};
}

void check_metrics(const otlp::collector::metrics::v1::ExportMetricsServiceRequest& request) {
  ASSERT_EQ(request.resource_metrics_size(), 1);
  auto resource = attributes(request.resource_metrics(0).resource().attributes());
  EXPECT_EQ(resource["service.name"].string_value(), "plumb");
  const auto& scope = request.resource_metrics(0).scope_metrics(0);
  EXPECT_EQ(scope.scope().name(), "plumb");
  ASSERT_EQ(scope.metrics_size(), 3);  // the family without series is left out

  const auto& sum = scope.metrics(0);
  EXPECT_EQ(sum.name(), "plumb_node_runs_total");
  EXPECT_EQ(sum.description(), "Node executions.");
  ASSERT_TRUE(sum.has_sum());
  EXPECT_TRUE(sum.sum().is_monotonic());
  EXPECT_EQ(sum.sum().aggregation_temporality(),
            otlp::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  const auto& point = sum.sum().data_points(0);
  EXPECT_EQ(point.as_double(), 5);
  EXPECT_EQ(point.start_time_unix_nano(), 1000u);
  EXPECT_EQ(point.time_unix_nano(), 2000u);
  EXPECT_EQ(attributes(point.attributes())["status"].string_value(), "ok");

  const auto& gauge = scope.metrics(1);
  ASSERT_TRUE(gauge.has_gauge());
  EXPECT_EQ(gauge.gauge().data_points(0).as_double(), 1);

  const auto& histogram = scope.metrics(2);
  ASSERT_TRUE(histogram.has_histogram());
  EXPECT_EQ(histogram.histogram().aggregation_temporality(),
            otlp::metrics::v1::AGGREGATION_TEMPORALITY_CUMULATIVE);
  const auto& h = histogram.histogram().data_points(0);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.sum(), 7.5);
  ASSERT_EQ(h.bucket_counts_size(), 3);
  EXPECT_EQ(h.bucket_counts(0), 2u);
  EXPECT_EQ(h.bucket_counts(1), 1u);
  EXPECT_EQ(h.bucket_counts(2), 1u);
  ASSERT_EQ(h.explicit_bounds_size(), 2);
  EXPECT_EQ(h.explicit_bounds(1), 1.0);
}

TEST(OtlpProto, MetricsInProtobufAndJson) {
  MetricsRequestContext context{"plumb", sdk_resource({}), 1000, 2000};
  const auto families = sample_families();
  EXPECT_EQ(count_data_points(families), 3u);

  otlp::collector::metrics::v1::ExportMetricsServiceRequest binary;
  ASSERT_TRUE(binary.ParseFromString(encode_metrics_request_proto(families, context)));
  check_metrics(binary);

  otlp::collector::metrics::v1::ExportMetricsServiceRequest json;
  const std::string text = encode_metrics_request_json(families, context);
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(text, &json).ok()) << text;
  check_metrics(json);
}

TEST(OtlpProto, LongMessagesGetMultiByteLengths) {
  for (std::size_t size : {127u, 128u, 16383u, 16384u, 3000000u}) {
    LogRecord record;
    record.message.assign(size, 'x');
    std::vector<ExportItem> items(1);
    items[0].service = "s";
    encode_log_proto(items[0].encoded, record, Redactor());
    otlp::collector::logs::v1::ExportLogsServiceRequest request;
    ASSERT_TRUE(request.ParseFromString(encode_logs_request_proto(items, {}))) << size;
    EXPECT_EQ(request.resource_logs(0).scope_logs(0).log_records(0).body().string_value().size(),
              size);
  }
}

TEST(OtlpProto, ReadsPartialSuccess) {
  otlp::collector::trace::v1::ExportTraceServiceResponse response;
  response.mutable_partial_success()->set_rejected_spans(3);
  response.mutable_partial_success()->set_error_message("too old");
  PartialSuccess partial = read_partial_success(response.SerializeAsString());
  EXPECT_EQ(partial.rejected, 3u);
  EXPECT_EQ(partial.message, "too old");
  EXPECT_EQ(read_partial_success("").rejected, 0u);
  EXPECT_EQ(read_partial_success("\xff\xff").rejected, 0u);  // not a message: nothing read
}

TEST(OtlpProto, ReadsRetryInfoFromAStatus) {
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(2);
  retry.mutable_retry_delay()->set_nanos(500000000);
  google::rpc::Status status;
  status.set_code(8);
  status.set_message("slow down");
  status.add_details()->PackFrom(retry);
  RpcStatus read = read_rpc_status(status.SerializeAsString());
  EXPECT_EQ(read.message, "slow down");
  EXPECT_DOUBLE_EQ(read.retry_delay, 2.5);

  status.clear_details();
  EXPECT_LT(read_rpc_status(status.SerializeAsString()).retry_delay, 0);
}

TEST(ProtobufWire, ReaderRejectsTruncatedInput) {
  std::string out;
  protobuf::Writer writer(out);
  writer.bytes(1, "hello");
  out.pop_back();
  protobuf::Reader reader(out);
  protobuf::Field field;
  EXPECT_FALSE(reader.next(field));
  EXPECT_TRUE(reader.malformed());
}

}  // namespace
}  // namespace plumb::telemetry
