// TextLogSink: formats a record and hands the finished line to an spdlog stderr logger.
#include "runtime/telemetry/logs.hpp"

#include <ctime>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "runtime/value/ops.hpp"

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

TextLogSink::TextLogSink(LogLevel level) : level_(level) {
  logger_ = std::make_shared<spdlog::logger>("plumb",
                                             std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger_->set_pattern("%v");
}

void TextLogSink::write(const LogRecord& r) {
  if (r.level < level_) return;
  std::string line = format_log_time(r.time_ns) + " " + std::string(level_name(r.level)) + " ";
  if (!r.pipeline.empty()) line += r.pipeline + (r.node.empty() ? "" : "/" + r.node) + ": ";
  line += r.message;
  for (const auto& [key, value] : r.fields) line += " " + key + "=" + ops::to_text(value);
  if (!r.trace_id.empty()) line += " trace_id=" + r.trace_id + " span_id=" + r.span_id;
  logger_->info(line);
}

}  // namespace plumb::telemetry
