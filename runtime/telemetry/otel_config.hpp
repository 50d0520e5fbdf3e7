// The OpenTelemetry environment variables of the OTLP exporters: endpoints and protocols per
// signal (otlp_target.hpp), OTLP metrics (OTEL_METRICS_EXPORTER, OTEL_METRIC_EXPORT_*), headers
// (OTEL_EXPORTER_OTLP_HEADERS), timeouts, the batch processor (OTEL_BSP_*), the resource
// (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) and the sampler (OTEL_TRACES_SAMPLER[_ARG]).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/telemetry/batch_processor.hpp"
#include "runtime/telemetry/otlp_json.hpp"
#include "runtime/telemetry/otlp_target.hpp"
#include "runtime/telemetry/sampler.hpp"

namespace plumb::telemetry {

// The periodic metric reader (OTEL_METRIC_EXPORT_INTERVAL, OTEL_METRIC_EXPORT_TIMEOUT).
struct MetricExportOptions {
  std::chrono::milliseconds interval{60000};
  std::chrono::milliseconds timeout{30000};
};

struct OtlpSettings {
  OtlpTarget traces;   // an empty url: no trace export
  OtlpTarget logs;     // an empty url: no log export
  OtlpTarget metrics;  // an empty url: no OTLP metrics
  Headers headers;
  std::string service_name;  // empty: the name of the pipeline that runs
  ResourceAttributes resource;
  BatchOptions batch;
  MetricExportOptions metric_export;
};

// `options.endpoint` (from --otlp-endpoint; a base URL, or one whose path ends in /v1/traces)
// and `options.protocol` (--otlp-protocol) win over the variables. Metrics are sent over OTLP
// when `otlp_metrics` is set or OTEL_METRICS_EXPORTER lists `otlp`. Malformed numbers and
// unknown exporters are ignored with a warning on stderr; an endpoint with a scheme other
// than http and https throws std::runtime_error (resolve_otlp_target).
OtlpSettings otlp_settings_from_env(const OtlpTargetOptions& options, bool otlp_metrics = false);

// The sampler of OTEL_TRACES_SAMPLER; the default (parentbased_always_on) with a warning on
// stderr when the variable names no known sampler.
Sampler sampler_from_env();

// `key1=value1,key2=value2` with percent-encoded values (the W3C Baggage form the
// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES variables use). An entry that is not
// `key=value` is ignored with a warning naming its position in `variable`.
Headers parse_key_values(std::string_view text, std::string_view variable);

}  // namespace plumb::telemetry
