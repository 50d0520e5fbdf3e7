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

// Opens a Resource* object: `{"resource":{"attributes":[...]}` with `service.name` first; the
// caller adds the scope list and the closing brace.
void append_resource(std::string& out, const std::string& service,
                     const ResourceAttributes& resource);
// `,"key":"<ns>"`: a time in Unix nanoseconds, a 64-bit integer as a string.
void append_time(std::string& out, const char* key, std::int64_t ns);
// `[{"key":...,"value":{"stringValue":...}},...]`.
void append_string_attributes(std::string& out, const ResourceAttributes& attributes);

// The OTLP SeverityNumber of a level (DEBUG 5, INFO 9, WARN 13, ERROR 17) and its text
// (`DEBUG`, `INFO`, ...).
int severity_number(LogLevel level);
std::string severity_text(LogLevel level);

}  // namespace plumb::telemetry
