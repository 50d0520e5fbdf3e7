// JSON logs (`--log-format json`): one object per line with `timestamp` (RFC 3339, UTC, ns),
// `level`, `logger`, `message`, `fields`, `sequence` (the record's number in its run), the
// correlation keys `trace_id`, `span_id` and `trace_flags` (two hex digits) at the top level,
// and `pipeline`, `node`. Values of secret-looking field keys, at any depth, are `[REDACTED]`.
#pragma once

#include "runtime/telemetry/logs.hpp"

namespace plumb::telemetry {

class JsonLogSink final : public LineLogSink {
 public:
  explicit JsonLogSink(LogLevels levels = {}, const LogOutput& output = {},
                       std::shared_ptr<const Redactor> redactor = nullptr)
      : LineLogSink(std::move(levels), output, std::move(redactor)) {}

 private:
  std::string line(const LogRecord& record, const Redactor& redactor) const override;
};

// The line JsonLogSink writes for `record` (without the newline).
std::string format_json_log(const LogRecord& record, const Redactor& redactor);

}  // namespace plumb::telemetry
