// JSON logs (`--log-format json`): one object per line with `timestamp` (RFC 3339, UTC, ns),
// `level`, `logger`, `message`, `fields`, `sequence` (the record's number in its run), the
// correlation keys `trace_id`, `span_id` and `trace_flags` (two hex digits) at the top level,
// and `pipeline`, `node`. Values of secret-looking field keys, at any depth, are `[REDACTED]`.
#pragma once

#include "runtime/telemetry/logs.hpp"

namespace plumb::telemetry {

class JsonLogSink : public LogSink {
 public:
  explicit JsonLogSink(LogLevels levels = {}, const LogOutput& output = {},
                       std::shared_ptr<const Redactor> redactor = nullptr);
  void write(const LogRecord& record) override;
  bool enabled(std::string_view logger, LogLevel level) const override {
    return levels_.enabled(logger, level);
  }

 private:
  LogLevels levels_;
  std::shared_ptr<spdlog::logger> logger_;
  std::shared_ptr<const Redactor> redactor_;
};

// The line JsonLogSink writes for `record` (without the newline).
std::string format_json_log(const LogRecord& record, const Redactor& redactor);

}  // namespace plumb::telemetry
