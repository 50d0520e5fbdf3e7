// Structured logs: records from `log.*` stages and from the runtime, each carrying the trace
// and span of the node that wrote it and its sequence number in the run, written through
// spdlog. The text form is one line (the JSON form is in json_log_sink.hpp):
//   2026-11-23T10:00:00.123456789Z warn main/alert: message key=value seq=3 trace_id=...
// Levels are per logger (`pipeline` for `log.*` stages, `runtime`, `stdlib`, `telemetry`) with
// a default (PLUMB_LOG=runtime=debug,warn). Output goes to stderr, or to a file rotated by
// size. Every sink redacts what it writes (secret field keys at any depth, URL credentials).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <plumb/stage.hpp>

#include "base/value/redaction.hpp"

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
  std::uint64_t sequence = 0;  // 1, 2, ... in the order a run wrote them; 0 outside a run
};

class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void write(const LogRecord& record) = 0;
  // Whether a record of `logger` at `level` would be written anywhere (so the caller can skip
  // building it).
  virtual bool enabled(std::string_view logger, LogLevel level) const = 0;
};

// The level below which records are dropped, per logger.
struct LogLevels {
  LogLevel fallback = LogLevel::Info;
  std::map<std::string, LogLevel, std::less<>> modules;
  bool enabled(std::string_view logger, LogLevel level) const;
  // `debug`, or `runtime=debug,stdlib=warn`, or both (`warn,runtime=debug`) over `base`;
  // nullopt with the offending part in `error` when a level name is unknown.
  static std::optional<LogLevels> parse(std::string_view text, LogLevels base, std::string* error);
};
std::optional<LogLevel> parse_log_level(std::string_view name);

// Where log lines go: stderr when `path` is empty, else a file rotated when it passes
// `max_bytes` (keeping `max_files` old files: path.1, path.2, ...). Throws
// std::runtime_error when the file cannot be opened.
struct LogOutput {
  std::string path;
  std::size_t max_bytes = 10 * 1024 * 1024;
  std::size_t max_files = 3;
};
std::shared_ptr<spdlog::logger> make_log_writer(const LogOutput& output);

// Text lines.
class TextLogSink : public LogSink {
 public:
  explicit TextLogSink(LogLevels levels = {}, const LogOutput& output = {},
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

// Writes every record to each of its sinks (the console or file sink and the OTLP sink).
class FanoutLogSink : public LogSink {
 public:
  explicit FanoutLogSink(std::vector<std::shared_ptr<LogSink>> sinks) : sinks_(std::move(sinks)) {}
  void write(const LogRecord& record) override {
    for (const auto& sink : sinks_)
      sink->write(record);
  }
  bool enabled(std::string_view logger, LogLevel level) const override {
    for (const auto& sink : sinks_) {
      if (sink->enabled(logger, level)) return true;
    }
    return false;
  }

 private:
  std::vector<std::shared_ptr<LogSink>> sinks_;
};

std::string format_log_time(std::int64_t time_ns);
// The message as written: credentials in URLs redacted.
std::string shown_message(const LogRecord& record);

}  // namespace plumb::telemetry
