// Log levels, outputs, and TextLogSink: formats a record and hands the finished line to an
// spdlog logger (stderr or a rotating file).
#include "runtime/telemetry/logs.hpp"

#include <ctime>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "base/value/ops.hpp"

namespace plumb::telemetry {

std::string format_log_time(std::int64_t time_ns) {
  std::time_t seconds = static_cast<std::time_t>(time_ns / 1'000'000'000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%09lldZ",
                static_cast<long long>(time_ns % 1'000'000'000));
  return std::string(date) + fraction;
}

std::string shown_message(const LogRecord& record) {
  return mentions_url(record.message) ? redact_urls(record.message) : record.message;
}

std::optional<LogLevel> parse_log_level(std::string_view name) {
  if (name == "debug" || name == "trace") return LogLevel::Debug;
  if (name == "info") return LogLevel::Info;
  if (name == "warn" || name == "warning") return LogLevel::Warn;
  if (name == "error") return LogLevel::Error;
  return std::nullopt;
}

bool LogLevels::enabled(std::string_view logger, LogLevel level) const {
  auto it = modules.find(logger);
  return level >= (it == modules.end() ? fallback : it->second);
}

std::optional<LogLevels> LogLevels::parse(std::string_view text, LogLevels base,
                                          std::string* error) {
  while (!text.empty()) {
    auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto level = parse_log_level(eq == std::string_view::npos ? part : part.substr(eq + 1));
    if (!level) {
      if (error) *error = std::string(part);
      return std::nullopt;
    }
    if (eq == std::string_view::npos) {
      base.fallback = *level;
    } else {
      base.modules[std::string(part.substr(0, eq))] = *level;
    }
  }
  return base;
}

std::shared_ptr<spdlog::logger> make_log_writer(const LogOutput& output) {
  spdlog::sink_ptr sink;
  if (output.path.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    try {
      sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          output.path, std::max<std::size_t>(output.max_bytes, 1), output.max_files);
    } catch (const spdlog::spdlog_ex& e) {
      throw std::runtime_error("cannot open log file " + output.path + ": " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("plumb", std::move(sink));
  logger->set_pattern("%v");
  logger->flush_on(spdlog::level::info);
  return logger;
}

TextLogSink::TextLogSink(LogLevels levels, const LogOutput& output,
                         std::shared_ptr<const Redactor> redactor)
    : levels_(std::move(levels)),
      logger_(make_log_writer(output)),
      redactor_(redactor ? std::move(redactor) : std::make_shared<const Redactor>()) {
}

void TextLogSink::write(const LogRecord& r) {
  if (!levels_.enabled(r.logger, r.level)) return;
  std::string line = format_log_time(r.time_ns) + " " + std::string(level_name(r.level)) + " ";
  if (!r.pipeline.empty()) line += r.pipeline + (r.node.empty() ? "" : "/" + r.node) + ": ";
  line += shown_message(r);
  for (const auto& [key, value] : r.fields)
    line += " " + key + "=" + ops::to_text(redactor_->field(key, value));
  if (r.sequence != 0) line += " seq=" + std::to_string(r.sequence);
  if (!r.trace_id.empty()) line += " trace_id=" + r.trace_id + " span_id=" + r.span_id;
  logger_->info(line);
}

}  // namespace plumb::telemetry
