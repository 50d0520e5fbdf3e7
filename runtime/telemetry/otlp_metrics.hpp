// OTLP metrics: a snapshot of the metrics registry as an ExportMetricsServiceRequest, in the
// JSON mapping or protobuf. Cumulative temporality from `start_ns` (when the exporter
// started): counters become monotonic Sums, gauges Gauges, histograms Histograms with the
// registry's bucket bounds (per-bucket counts, the last one above the highest bound). Labels
// become string attributes; a family's help text is the description. Families without
// series are left out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/telemetry/metrics.hpp"
#include "runtime/telemetry/otlp_json.hpp"

namespace plumb::telemetry {

struct MetricsRequestContext {
  std::string service;          // the resource's service.name
  ResourceAttributes resource;  // the other resource attributes (sdk_resource())
  std::int64_t start_ns = 0;    // Unix time the cumulative values count from
  std::int64_t time_ns = 0;     // Unix time of the snapshot
};

std::string encode_metrics_request_json(const std::vector<MetricFamily>& families,
                                        const MetricsRequestContext& context);
std::string encode_metrics_request_proto(const std::vector<MetricFamily>& families,
                                         const MetricsRequestContext& context);
// The data points a request of these families carries (one per series).
std::uint64_t count_data_points(const std::vector<MetricFamily>& families);
// Per-bucket counts of a histogram series (bounds + 1 of them), from the registry's cumulative
// counts.
std::vector<std::uint64_t> bucket_counts(const MetricFamily& family, const MetricSeries& series);

}  // namespace plumb::telemetry
