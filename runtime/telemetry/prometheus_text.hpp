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

// A number (sample value, `le` bound) as the Prometheus client libraries write it in the text
// format: Go's `strconv.FormatFloat(v, 'g', -1, 64)`, that is the shortest digits that read
// back as `value`, in decimal unless the exponent is below -4 or at least 6 (`0.0005`, `2.5`,
// `300`, `1e+06`, `5e-05`); `+Inf`, `-Inf`, `NaN`. Pushes (Pushgateway, Influx) use it too.
std::string format_sample_value(double value);
// The same in OpenMetrics: `.0` after a number written without `.` or an exponent (`1.0`).
std::string format_openmetrics_value(double value);
// A label value with `\`, `"` and newlines escaped.
std::string escape_label_value(std::string_view value);

}  // namespace plumb::telemetry
