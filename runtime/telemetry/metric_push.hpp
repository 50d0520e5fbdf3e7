// Pushing metrics for batch jobs that end before a scrape: to a Prometheus Pushgateway
// (`--push-gateway URL`: PUT of the text format 0.0.4 to URL/metrics/job/<job>, replacing
// the job's group) and in InfluxDB line protocol (`--influx-url URL`: POST to URL/write, as
// VictoriaMetrics and InfluxDB 1.x accept). Line protocol: `measurement,tag=v field=1.5 <ns>`
// with commas and spaces escaped in measurements, and commas, spaces and `=` in tag keys and
// values; counters and gauges become `name,labels value=X`, histograms `name,labels
// count=N,sum=S` plus `name_bucket,labels,le=B value=C` per bucket (with VictoriaMetrics'
// -influxSkipSingleField these read back under the Prometheus names).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "runtime/telemetry/metrics.hpp"

namespace plumb::telemetry {

std::string format_influx(const std::vector<MetricFamily>& families, std::int64_t time_ns);
std::string escape_influx_measurement(std::string_view text);
std::string escape_influx_tag(std::string_view text);

// Each returns an empty string on success, else what went wrong (lowercase).
std::string push_to_gateway(const std::string& url, const std::string& job,
                            const std::vector<MetricFamily>& families,
                            std::chrono::milliseconds timeout);
std::string push_to_influx(const std::string& url, const std::vector<MetricFamily>& families,
                           std::int64_t time_ns, std::chrono::milliseconds timeout);

}  // namespace plumb::telemetry
