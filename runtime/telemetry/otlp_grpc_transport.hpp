// OTLP/gRPC: the Export call of the collector's TraceService, LogsService or MetricsService,
// made through libplumb_otlp_grpc.so (otlp_grpc_module.hpp), which is found the first time it
// is needed: PLUMB_OTLP_GRPC_MODULE (a file) when set, else next to the running program, else
// in plumb's library folder relative to it (where `cmake --install` puts it). Headers become
// call metadata (keys in lower case). The OTLP rules say which status codes are retried:
// CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and
// RESOURCE_EXHAUSTED when the server sent a RetryInfo (whose delay is then honoured).
#pragma once

#include <memory>
#include <string>

#include "runtime/telemetry/otlp_grpc_module.hpp"
#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

class GrpcTransport : public OtlpTransport {
 public:
  // Throws std::runtime_error when the module cannot be loaded or the channel not created.
  GrpcTransport(const OtlpTarget& target, OtlpSignal signal, const Headers& headers);
  SendResult send(std::string_view body, std::chrono::milliseconds timeout,
                  const std::function<bool()>& cancelled) override;
  const std::string& target() const override { return description_; }

 private:
  std::string method_;
  std::string description_;
  std::unique_ptr<grpc_module::Channel> channel_;
};

// The OTLP service method of a signal
// (`/opentelemetry.proto.collector.trace.v1.TraceService/Export`).
std::string otlp_grpc_method(OtlpSignal signal);
// `scheme://host:port[/path]` or `host:port` as a gRPC target (`host:port`).
std::string grpc_target(std::string_view url);
// The name of a gRPC status code (`UNAVAILABLE`), or its number.
std::string grpc_code_name(int code);
// Whether the OTLP specification retries a failure with this code.
bool grpc_retryable(int code, bool has_retry_info);

}  // namespace plumb::telemetry
