// Structured logs: records from `log.*` stages and from the runtime, each carrying the trace
// and span of the node that wrote it, written through spdlog. The text form is one line:
// `2026-11-23T10:00:00.123456789Z warn main/alert: message key=value trace_id=... span_id=...`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <plumb/stage.hpp>

namespace spdlog {
class logger;
}

namespace plumb::telemetry {

struct LogRecord {
  std::int64_t time_ns = 0;
  LogLevel level = LogLevel::Info;
  std::string logger = "pipeline";
  std::string message;
  Fields fields;
  std::string trace_id;
  std::string span_id;
  std::uint8_t trace_flags = 1;
  std::string pipeline;
  std::string node;
};

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(const LogRecord& record) = 0;
};

// Text lines on stderr through an spdlog logger, at `level` and above.
class TextLogSink : public LogSink {
 public:
  explicit TextLogSink(LogLevel level = LogLevel::Info);
  void write(const LogRecord& record) override;

 private:
  LogLevel level_;
  std::shared_ptr<spdlog::logger> logger_;
};

std::string format_log_time(std::int64_t time_ns);

}  // namespace plumb::telemetry
