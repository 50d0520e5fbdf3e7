// OTLP logs export: each structured log record becomes an OTLP LogRecord (severity, body,
// fields as attributes, and the trace and span ids of the node that wrote it, so backends
// link logs to traces), encoded as JSON or protobuf by the protocol and queued on a
// BatchProcessor that sends it over OTLP/HTTP (/v1/logs) or OTLP/gRPC.
#pragma once

#include <chrono>
#include <memory>

#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/otel_config.hpp"

namespace plumb::telemetry {

class OtlpLogSink : public LogSink {
 public:
  OtlpLogSink(const OtlpSettings& settings, LogLevels levels,
              std::shared_ptr<const Redactor> redactor, std::chrono::milliseconds shutdown_timeout);
  ~OtlpLogSink() override;
  void write(const LogRecord& record) override;
  bool enabled(std::string_view logger, LogLevel level) const override {
    return levels_.enabled(logger, level);
  }
  // Starts the last export with its deadline, without waiting (see shutdown()).
  void stop();
  void shutdown();
  BatchStats stats() const { return processor_.stats(); }

 private:
  std::string service_name_;
  LogLevels levels_;
  std::shared_ptr<const Redactor> redactor_;
  std::chrono::milliseconds shutdown_timeout_;
  bool protobuf_;
  BatchProcessor processor_;
};

}  // namespace plumb::telemetry
