// The standard process metrics of Prometheus client libraries, read from /proc/self:
// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds and process_start_time_seconds.
#pragma once

#include "runtime/telemetry/metrics.hpp"

namespace plumb::telemetry {

void describe_process_metrics(MetricsRegistry& registry);
// Sets the metrics to their current values (a collector).
void record_process_metrics(MetricsRegistry& registry);

}  // namespace plumb::telemetry
