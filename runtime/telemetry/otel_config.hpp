// The OpenTelemetry environment variables of the OTLP exporters: endpoints
// (OTEL_EXPORTER_OTLP_ENDPOINT, *_TRACES_ENDPOINT, *_LOGS_ENDPOINT), headers
// (OTEL_EXPORTER_OTLP_HEADERS), timeouts, the batch processor (OTEL_BSP_*), the resource
// (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) and the sampler (OTEL_TRACES_SAMPLER[_ARG]).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "runtime/telemetry/batch_processor.hpp"
#include "runtime/telemetry/otlp_json.hpp"
#include "runtime/telemetry/sampler.hpp"

namespace plumb::telemetry {

struct OtlpSettings {
  std::string traces_url;  // empty: no trace export
  std::string logs_url;    // empty: no log export
  Headers headers;
  std::string service_name;  // empty: the name of the pipeline that runs
  ResourceAttributes resource;
  BatchOptions batch;
};

// `endpoint` (from --otlp-endpoint; a base URL, or one whose path ends in /v1/traces) wins
// over the variables. Malformed numbers are ignored with a warning on stderr; an endpoint
// that is not http or https throws std::runtime_error.
OtlpSettings otlp_settings_from_env(const std::string& endpoint);

// The sampler of OTEL_TRACES_SAMPLER; the default (parentbased_always_on) with a warning on
// stderr when the variable names no known sampler.
Sampler sampler_from_env();

// `key1=value1,key2=value2` with percent-encoded values (the W3C Baggage form the
// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES variables use). An entry that is not
// `key=value` is ignored with a warning naming its position in `variable`.
Headers parse_key_values(std::string_view text, std::string_view variable);

}  // namespace plumb::telemetry
