// The OTLP/JSON encoding (opentelemetry-proto's JSON mapping): spans and log records as JSON
// objects, and the request bodies of POST /v1/traces and /v1/logs that group them by
// resource. Ids are lowercase hex, enums integers (span kind INTERNAL = 1, status ERROR = 2),
// 64-bit integers decimal strings, keys lowerCamelCase; a root span has no `parentSpanId`.
// Attribute and field values of secret-looking keys are redacted.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "runtime/telemetry/batch_processor.hpp"
#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/redaction.hpp"
#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

// Resource attributes besides `service.name` (OTEL_RESOURCE_ATTRIBUTES and the SDK's own).
using ResourceAttributes = std::vector<std::pair<std::string, std::string>>;

void encode_span(std::string& out, const SpanView& span, const Redactor& redactor);
void encode_log(std::string& out, const LogRecord& record, const Redactor& redactor);

// ExportTraceServiceRequest / ExportLogsServiceRequest: one resource per run of consecutive
// items of the same service, one scope `plumb`.
std::string encode_traces_request(std::span<const ExportItem> spans,
                                  const ResourceAttributes& resource);
std::string encode_logs_request(std::span<const ExportItem> logs,
                                const ResourceAttributes& resource);

// `telemetry.sdk.*` attributes followed by `extra` (a `service.name` in `extra` is ignored:
// the service of each item wins).
ResourceAttributes sdk_resource(const ResourceAttributes& extra);

}  // namespace plumb::telemetry
