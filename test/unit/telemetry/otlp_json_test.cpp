// The OTLP/JSON mapping of spans and log records: hex ids, int64 as strings, integer enums,
// parent links, attributes by type (invalid UTF-8 replaced), errors as status and event,
// redaction, resources.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <plumb/json.hpp>

#include "runtime/telemetry/otlp_json.hpp"

namespace plumb::telemetry {
namespace {

using nlohmann::json;

SpanRecord node_record(const NodeMeta& node, const RunMeta& run) {
  SpanRecord r;
  r.trace = TraceId{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  r.span_id = 0x00000000000000ffULL;
  r.parent_id = 0x1000000000000001ULL;
  r.start_ns = 1700000000000000000;
  r.end_ns = 1700000000000000123;
  r.node = &node;
  r.run = &run;
  r.attempt = 2;
  return r;
}

std::map<std::string, json> attributes(const json& list) {
  std::map<std::string, json> out;
  for (const json& item : list)
    out[item["key"].get<std::string>()] = item["value"];
  return out;
}

TEST(OtlpJson, SpanFields) {
  NodeMeta node{{"main", "fetch", "http.get", "etl.pipe", 12, 3}, 0, "", {{"team", "data"}}};
  RunMeta run{"main", "interp", "r1"};
  SpanRecord r = node_record(node, run);
  std::string out;
  encode_span(out, SpanView(r), Redactor());
  json span = json::parse(out);
  EXPECT_EQ(span["traceId"], "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(span["spanId"], "00000000000000ff");
  EXPECT_EQ(span["parentSpanId"], "1000000000000001");
  EXPECT_EQ(span["name"], "fetch");
  EXPECT_EQ(span["kind"], 1);
  EXPECT_EQ(span["startTimeUnixNano"], "1700000000000000000");
  EXPECT_EQ(span["endTimeUnixNano"], "1700000000000000123");
  EXPECT_FALSE(span.contains("status"));
  auto attrs = attributes(span["attributes"]);
  EXPECT_EQ(attrs["plumb.node"], json({{"stringValue", "fetch"}}));
  EXPECT_EQ(attrs["code.line.number"], json({{"intValue", "12"}}));
  EXPECT_EQ(attrs["plumb.retry.attempt"], json({{"intValue", "2"}}));
  EXPECT_EQ(attrs["team"], json({{"stringValue", "data"}}));
}

TEST(OtlpJson, RootSpanHasNoParentAndErrorsHaveStatus) {
  RunMeta run{"main", "interp", "r1"};
  SpanRecord r;
  r.trace = TraceId{1, 2};
  r.span_id = 3;
  r.start_ns = 10;
  r.end_ns = 20;
  r.run = &run;
  r.kind = SpanKind::Run;
  r.error = true;
  r.extras = new SpanExtras{{},
                            {{"ratio", Value::number(0.5)}, {"ok", Value::boolean(true)}},
                            "timeout",
                            "timed out \"after\" 1s\n"};
  std::string out;
  encode_span(out, SpanView(r), Redactor());
  delete r.extras;
  json span = json::parse(out);
  EXPECT_FALSE(span.contains("parentSpanId"));
  EXPECT_EQ(span["name"], "main");
  EXPECT_EQ(span["status"]["code"], 2);
  EXPECT_EQ(span["status"]["message"], "timed out \"after\" 1s\n");
  EXPECT_EQ(span["events"][0]["name"], "exception");
  auto event = attributes(span["events"][0]["attributes"]);
  EXPECT_EQ(event["exception.type"]["stringValue"], "timeout");
  auto attrs = attributes(span["attributes"]);
  EXPECT_EQ(attrs["ratio"], json({{"doubleValue", 0.5}}));
  EXPECT_EQ(attrs["ok"], json({{"boolValue", true}}));
}

TEST(OtlpJson, SecretAttributesAreRedacted) {
  NodeMeta node{{"main", "call", "llm.chat", "a.pipe", 1, 1}, 0, "", {}};
  RunMeta run{"main", "interp", "r1"};
  SpanRecord r = node_record(node, run);
  r.extras = new SpanExtras{{},
                            {{"http.Authorization", Value::string("Bearer abc")},
                             {"api-key", Value::integer(42)},
                             {"model", Value::string("m")}},
                            "",
                            ""};
  std::string out;
  encode_span(out, SpanView(r), Redactor());
  delete r.extras;
  auto attrs = attributes(json::parse(out)["attributes"]);
  EXPECT_EQ(attrs["http.Authorization"]["stringValue"], "[REDACTED]");
  EXPECT_EQ(attrs["api-key"]["stringValue"], "[REDACTED]");
  EXPECT_EQ(attrs["model"]["stringValue"], "m");
}

TEST(OtlpJson, InvalidUtf8InAttributesStillMakesValidJson) {
  NodeMeta node{{"main", "read", "io.read_text", "a.pipe", 1, 1}, 0, "", {}};
  RunMeta run{"main", "interp", "r1"};
  SpanRecord r = node_record(node, run);
  r.extras = new SpanExtras{{}, {{"text", Value::string("ok \xff\x01 \"q\"")}}, "", ""};
  std::string out;
  encode_span(out, SpanView(r), Redactor());
  delete r.extras;
  auto attrs = attributes(json::parse(out)["attributes"]);  // throws on invalid UTF-8
  EXPECT_EQ(attrs["text"]["stringValue"], "ok \xEF\xBF\xBD\u0001 \"q\"");
}

TEST(OtlpJson, RequestGroupsByService) {
  std::vector<ExportItem> items = {{"a", "{\"n\":1}"}, {"a", "{\"n\":2}"}, {"b", "{\"n\":3}"}};
  json request = json::parse(encode_traces_request(items, sdk_resource({{"env", "test"}})));
  ASSERT_EQ(request["resourceSpans"].size(), 2u);
  const json& first = request["resourceSpans"][0];
  auto resource = attributes(first["resource"]["attributes"]);
  EXPECT_EQ(resource["service.name"]["stringValue"], "a");
  EXPECT_EQ(resource["env"]["stringValue"], "test");
  EXPECT_EQ(resource["telemetry.sdk.name"]["stringValue"], "plumb");
  EXPECT_EQ(first["scopeSpans"][0]["scope"]["name"], "plumb");
  EXPECT_EQ(first["scopeSpans"][0]["spans"].size(), 2u);
  EXPECT_EQ(request["resourceSpans"][1]["scopeSpans"][0]["spans"][0]["n"], 3);
}

TEST(OtlpJson, LogRecord) {
  LogRecord record;
  record.time_ns = 1700000000000000001;
  record.level = LogLevel::Warn;
  record.message = "slow";
  record.fields = {{"rows", Value::integer(3)}, {"password", Value::string("hunter2")}};
  record.trace_id = "0123456789abcdeffedcba9876543210";
  record.span_id = "00000000000000ff";
  record.pipeline = "main";
  record.node = "load";
  std::string out;
  encode_log(out, record, Redactor());
  json log = json::parse(out);
  EXPECT_EQ(log["timeUnixNano"], "1700000000000000001");
  EXPECT_EQ(log["severityNumber"], 13);
  EXPECT_EQ(log["severityText"], "WARN");
  EXPECT_EQ(log["body"]["stringValue"], "slow");
  EXPECT_EQ(log["traceId"], record.trace_id);
  EXPECT_EQ(log["spanId"], record.span_id);
  EXPECT_EQ(log["flags"], 1);
  auto attrs = attributes(log["attributes"]);
  EXPECT_EQ(attrs["rows"]["intValue"], "3");
  EXPECT_EQ(attrs["password"]["stringValue"], "[REDACTED]");
  EXPECT_FALSE(attrs.count("plumb.log.sequence"));
  EXPECT_EQ(attrs["plumb.node"]["stringValue"], "load");
  json request = json::parse(encode_logs_request(std::vector<ExportItem>{{"main", out}}, {}));
  EXPECT_EQ(request["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]["severityNumber"], 13);
}

// Issue 18, item 14: secrets nested in record-valued log fields were exported in clear.
TEST(OtlpJson, LogRecordRedactsAtAnyDepth) {
  LogRecord record;
  record.message = "GET http://h/x?api_key=k1";
  record.fields = {{"request", parse_json(R"({"headers":{"Authorization":"Bearer t"},"n":1})")}};
  record.sequence = 4;
  std::string out;
  encode_log(out, record, Redactor());
  EXPECT_EQ(out.find("Bearer"), std::string::npos) << out;
  json log = json::parse(out);
  EXPECT_EQ(log["body"]["stringValue"], "GET http://h/x?api_key=REDACTED");
  auto attrs = attributes(log["attributes"]);
  EXPECT_EQ(json::parse(attrs["request"]["stringValue"].get<std::string>()),
            json::parse(R"({"headers":{"Authorization":"[REDACTED]"},"n":1})"));
  EXPECT_EQ(attrs["plumb.log.sequence"]["intValue"], "4");
}

// A record- or list-valued span attribute (an embedding application's plumb::Span, say) was
// dropped; it is exported as JSON text with secret keys redacted at any depth.
TEST(OtlpJson, StructuredSpanAttributesAreRedacted) {
  NodeMeta node{{"main", "call", "llm.chat", "a.pipe", 1, 1}, 0, "", {}};
  RunMeta run{"main", "interp", "r1"};
  SpanRecord r = node_record(node, run);
  SpanExtras extras;
  extras.attributes = {
      {"request", parse_json(R"({"model":"m","auth":{"api_key":"k"},"max_tokens":5})")},
      {"gen_ai.usage.input_tokens", Value::integer(7)},
      {"url.full", Value::string("https://u:p@h/?token=t")},
      {"secret", parse_json("[1,2]")}};
  r.extras = &extras;
  std::string out;
  encode_span(out, SpanView(r), Redactor());
  auto attrs = attributes(json::parse(out)["attributes"]);
  EXPECT_EQ(json::parse(attrs["request"]["stringValue"].get<std::string>()),
            json::parse(R"({"model":"m","auth":"[REDACTED]","max_tokens":5})"));
  EXPECT_EQ(attrs["gen_ai.usage.input_tokens"]["intValue"], "7");
  EXPECT_EQ(attrs["url.full"]["stringValue"], "https://REDACTED:REDACTED@h/?token=REDACTED");
  EXPECT_EQ(attrs["secret"]["stringValue"], "[REDACTED]");
}

}  // namespace
}  // namespace plumb::telemetry
