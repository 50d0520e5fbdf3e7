// OTLP metrics encoders. Protobuf field numbers are those of
// runtime/telemetry/proto/opentelemetry/proto/metrics/v1/metrics.proto.
#include "runtime/telemetry/otlp_metrics.hpp"

#include <algorithm>

#include "runtime/telemetry/json_text.hpp"
#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/protobuf_wire.hpp"

namespace plumb::telemetry {

namespace {

constexpr int kCumulative = 2;  // AggregationTemporality

// ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.resource = 1,
// .scope_metrics = 2; ScopeMetrics.scope = 1, .metrics = 2.
constexpr std::uint32_t kRequestResourceMetrics = 1;
constexpr std::uint32_t kResourceMetricsResource = 1;
constexpr std::uint32_t kResourceMetricsScopes = 2;
constexpr std::uint32_t kScopeMetricsScope = 1;
constexpr std::uint32_t kScopeMetricsMetrics = 2;
// Metric.
constexpr std::uint32_t kMetricName = 1;
constexpr std::uint32_t kMetricDescription = 2;
constexpr std::uint32_t kMetricGauge = 5;
constexpr std::uint32_t kMetricSum = 7;
constexpr std::uint32_t kMetricHistogram = 9;
// Gauge, Sum and Histogram: data_points = 1, aggregation_temporality = 2; Sum.is_monotonic = 3.
constexpr std::uint32_t kDataPoints = 1;
constexpr std::uint32_t kTemporality = 2;
constexpr std::uint32_t kMonotonic = 3;
// NumberDataPoint.
constexpr std::uint32_t kNumberAttributes = 7;
constexpr std::uint32_t kNumberStart = 2;
constexpr std::uint32_t kNumberTime = 3;
constexpr std::uint32_t kNumberAsDouble = 4;
// HistogramDataPoint.
constexpr std::uint32_t kHistogramAttributes = 9;
constexpr std::uint32_t kHistogramStart = 2;
constexpr std::uint32_t kHistogramTime = 3;
constexpr std::uint32_t kHistogramCount = 4;
constexpr std::uint32_t kHistogramSum = 5;
constexpr std::uint32_t kHistogramBucketCounts = 6;
constexpr std::uint32_t kHistogramBounds = 7;

void append_json_point(std::string& out, const MetricFamily& family, const MetricSeries& series,
                       const MetricsRequestContext& context) {
  out += "{\"attributes\":";
  append_string_attributes(out, series.labels);
  if (family.kind != MetricKind::Gauge) append_time(out, "startTimeUnixNano", context.start_ns);
  append_time(out, "timeUnixNano", context.time_ns);
  if (family.kind != MetricKind::Histogram) {
    out += ",\"asDouble\":";
    append_double(out, series.value);
    out += '}';
    return;
  }
  out += ",\"count\":\"";
  append_uint(out, series.count);
  out += "\",\"sum\":";
  append_double(out, series.sum);
  out += ",\"bucketCounts\":[";
  const std::vector<std::uint64_t> counts = bucket_counts(family, series);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    out += i > 0 ? ",\"" : "\"";
    append_uint(out, counts[i]);
    out += '"';
  }
  out += "],\"explicitBounds\":[";
  for (std::size_t i = 0; i < family.bounds.size(); ++i) {
    if (i > 0) out += ',';
    append_double(out, family.bounds[i]);
  }
  out += "]}";
}

void append_json_metric(std::string& out, const MetricFamily& family,
                        const MetricsRequestContext& context) {
  out += "{\"name\":";
  append_json_string(out, family.name);
  if (!family.help.empty()) {
    out += ",\"description\":";
    append_json_string(out, family.help);
  }
  const char* kind = family.kind == MetricKind::Counter ? "sum"
                     : family.kind == MetricKind::Gauge ? "gauge"
                                                        : "histogram";
  out += ",\"";
  out += kind;
  out += "\":{\"dataPoints\":[";
  for (std::size_t i = 0; i < family.series.size(); ++i) {
    if (i > 0) out += ',';
    append_json_point(out, family, family.series[i], context);
  }
  out += ']';
  if (family.kind != MetricKind::Gauge) {
    out += ",\"aggregationTemporality\":";
    append_int(out, kCumulative);
  }
  if (family.kind == MetricKind::Counter) out += ",\"isMonotonic\":true";
  out += "}}";
}

void write_attributes(protobuf::Writer& w, std::uint32_t field, const Labels& labels) {
  for (const auto& [key, value] : labels)
    write_string_attribute(w, field, key, value);
}

void write_proto_point(protobuf::Writer& w, const MetricFamily& family, const MetricSeries& series,
                       const MetricsRequestContext& context) {
  const auto point = w.begin(kDataPoints);
  const auto start = static_cast<std::uint64_t>(context.start_ns);
  const auto time = static_cast<std::uint64_t>(context.time_ns);
  if (family.kind != MetricKind::Histogram) {
    write_attributes(w, kNumberAttributes, series.labels);
    if (family.kind == MetricKind::Counter) w.fixed64(kNumberStart, start);
    w.fixed64(kNumberTime, time);
    w.float64(kNumberAsDouble, series.value);
    w.end(point);
    return;
  }
  write_attributes(w, kHistogramAttributes, series.labels);
  w.fixed64(kHistogramStart, start);
  w.fixed64(kHistogramTime, time);
  w.fixed64(kHistogramCount, series.count);
  w.float64(kHistogramSum, series.sum);
  std::string packed;
  for (std::uint64_t count : bucket_counts(family, series))
    packed.append(reinterpret_cast<const char*>(&count), 8);
  w.bytes(kHistogramBucketCounts, packed);
  packed.clear();
  for (double bound : family.bounds)
    packed.append(reinterpret_cast<const char*>(&bound), 8);
  w.bytes(kHistogramBounds, packed);
  w.end(point);
}

void write_proto_metric(protobuf::Writer& w, const MetricFamily& family,
                        const MetricsRequestContext& context) {
  const auto metric = w.begin(kScopeMetricsMetrics);
  w.bytes(kMetricName, family.name);
  if (!family.help.empty()) w.bytes(kMetricDescription, family.help);
  const std::uint32_t field = family.kind == MetricKind::Counter ? kMetricSum
                              : family.kind == MetricKind::Gauge ? kMetricGauge
                                                                 : kMetricHistogram;
  const auto data = w.begin(field);
  for (const MetricSeries& series : family.series)
    write_proto_point(w, family, series, context);
  if (family.kind != MetricKind::Gauge) w.varint(kTemporality, kCumulative);
  if (family.kind == MetricKind::Counter) w.varint(kMonotonic, 1);
  w.end(data);
  w.end(metric);
}

}  // namespace

std::vector<std::uint64_t> bucket_counts(const MetricFamily& family, const MetricSeries& series) {
  std::vector<std::uint64_t> counts(family.bounds.size() + 1, 0);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i < family.bounds.size(); ++i) {
    const std::uint64_t cumulative =
        std::max(below, i < series.buckets.size() ? series.buckets[i] : below);
    counts[i] = cumulative - below;
    below = cumulative;
  }
  counts.back() = series.count > below ? series.count - below : 0;
  return counts;
}

std::uint64_t count_data_points(const std::vector<MetricFamily>& families) {
  std::uint64_t points = 0;
  for (const MetricFamily& family : families)
    points += family.series.size();
  return points;
}

std::string encode_metrics_request_json(const std::vector<MetricFamily>& families,
                                        const MetricsRequestContext& context) {
  std::string out = "{\"resourceMetrics\":[";
  append_resource(out, context.service, context.resource);
  out += ",\"scopeMetrics\":[{\"scope\":{\"name\":\"plumb\"},\"metrics\":[";
  bool first = true;
  for (const MetricFamily& family : families) {
    if (family.series.empty()) continue;
    if (!first) out += ',';
    first = false;
    append_json_metric(out, family, context);
  }
  out += "]}]}]}";
  return out;
}

std::string encode_metrics_request_proto(const std::vector<MetricFamily>& families,
                                         const MetricsRequestContext& context) {
  std::string out;
  protobuf::Writer w(out);
  const auto resource_metrics = w.begin(kRequestResourceMetrics);
  write_resource_proto(w, kResourceMetricsResource, context.service, context.resource);
  const auto scope_metrics = w.begin(kResourceMetricsScopes);
  write_scope_proto(w, kScopeMetricsScope);
  for (const MetricFamily& family : families) {
    if (!family.series.empty()) write_proto_metric(w, family, context);
  }
  w.end(scope_metrics);
  w.end(resource_metrics);
  return out;
}

}  // namespace plumb::telemetry
