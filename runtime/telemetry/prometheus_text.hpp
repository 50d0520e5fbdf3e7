// Prometheus exposition formats for a metrics snapshot. Text format 0.0.4: `# HELP` and
// `# TYPE` once per family before its samples, families and series in a stable order, label
// values with `\\`, `\"` and `\n` escaped, histogram buckets ascending and ending with
// `le="+Inf"` equal to `_count`. OpenMetrics 1.0.0 (when the scraper's Accept asks for it):
// counter families named without `_total`, the trace id of a histogram's last observation as
// an exemplar on its bucket, `# EOF` at the end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/telemetry/metrics.hpp"

namespace plumb::telemetry {

inline constexpr std::string_view kPrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr std::string_view kOpenMetricsType =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";

std::string format_prometheus(const std::vector<MetricFamily>& families);
std::string format_openmetrics(const std::vector<MetricFamily>& families);

// A sample value as Prometheus writes it: shortest round-trip decimal, `+Inf`, `-Inf`, `NaN`.
std::string format_sample_value(double value);
// A label value with `\`, `"` and newlines escaped.
std::string escape_label_value(std::string_view value);

}  // namespace plumb::telemetry
