// The OTLP protobuf encoding (opentelemetry-proto v1, runtime/telemetry/proto/): spans and
// log records as encoded Span and LogRecord messages, and the bodies of
// ExportTraceServiceRequest and ExportLogsServiceRequest that group them by resource, for
// OTLP/HTTP with `application/x-protobuf` and OTLP/gRPC. The same content as the JSON
// encoding (otlp_json.hpp): ids as 16 and 8 raw bytes, span kind INTERNAL, status ERROR with
// an `exception` event on failure, secret attributes redacted. Also reads the responses:
// the partial success of an Export*ServiceResponse and the google.rpc.Status of a failure.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/telemetry/batch_processor.hpp"
#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/otlp_json.hpp"
#include "runtime/telemetry/redaction.hpp"
#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry::protobuf {
class Writer;
}

namespace plumb::telemetry {

void encode_span_proto(std::string& out, const SpanView& span, const Redactor& redactor);
void encode_log_proto(std::string& out, const LogRecord& record, const Redactor& redactor);

// One ResourceSpans / ResourceLogs per run of consecutive items of the same service, one
// scope `plumb`.
std::string encode_traces_request_proto(std::span<const ExportItem> spans,
                                        const ResourceAttributes& resource);
std::string encode_logs_request_proto(std::span<const ExportItem> logs,
                                      const ResourceAttributes& resource);

// Writes a Resource message (field `field` of the enclosing message): `service.name`, then
// `resource` without any `service.name` of its own.
void write_resource_proto(protobuf::Writer& writer, std::uint32_t field, const std::string& service,
                          const ResourceAttributes& resource);
// Writes an InstrumentationScope named `plumb`.
void write_scope_proto(protobuf::Writer& writer, std::uint32_t field);
// Writes a KeyValue with a string value.
void write_string_attribute(protobuf::Writer& writer, std::uint32_t field, std::string_view key,
                            std::string_view value);

// What an Export*ServiceResponse's partial_success says (its first field is the rejected
// count for every signal); zeros and empty when absent or unreadable.
struct PartialSuccess {
  std::uint64_t rejected = 0;
  std::string message;
};
PartialSuccess read_partial_success(std::string_view response);

// A google.rpc.Status (the details of a gRPC failure, and the body of an OTLP/HTTP protobuf
// error): its message and the delay of a google.rpc.RetryInfo among its details (seconds;
// negative when there is none).
struct RpcStatus {
  std::string message;
  double retry_delay = -1;
};
RpcStatus read_rpc_status(std::string_view status);

}  // namespace plumb::telemetry
