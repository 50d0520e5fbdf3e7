// JsonLogSink: builds the object with the JSON text appenders.
#include "runtime/telemetry/json_log_sink.hpp"

#include <spdlog/spdlog.h>
#include <plumb/json.hpp>

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

std::string format_json_log(const LogRecord& r, const Redactor& redactor) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "{\"timestamp\":\"" + format_log_time(r.time_ns) + "\",\"level\":";
  append_json_string(out, level_name(r.level));
  out += ",\"logger\":";
  append_json_string(out, r.logger);
  out += ",\"message\":";
  append_json_string(out, shown_message(r));
  out += ",\"fields\":{";
  bool first = true;
  for (const auto& [key, value] : r.fields) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, key);
    out += ':';
    append_json(out, redactor.field(key, value));
  }
  out += '}';
  if (r.sequence != 0) {
    out += ",\"sequence\":";
    append_uint(out, r.sequence);
  }
  if (!r.trace_id.empty()) {
    out +=
        ",\"trace_id\":\"" + r.trace_id + "\",\"span_id\":\"" + r.span_id + "\",\"trace_flags\":\"";
    out += kHex[r.trace_flags >> 4];
    out += kHex[r.trace_flags & 0xF];
    out += '"';
  }
  if (!r.pipeline.empty()) {
    out += ",\"pipeline\":";
    append_json_string(out, r.pipeline);
  }
  if (!r.node.empty()) {
    out += ",\"node\":";
    append_json_string(out, r.node);
  }
  out += '}';
  return out;
}

JsonLogSink::JsonLogSink(LogLevels levels, const LogOutput& output,
                         std::shared_ptr<const Redactor> redactor)
    : levels_(std::move(levels)),
      logger_(make_log_writer(output)),
      redactor_(redactor ? std::move(redactor) : std::make_shared<const Redactor>()) {
}

void JsonLogSink::write(const LogRecord& record) {
  if (!levels_.enabled(record.logger, record.level)) return;
  logger_->info(format_json_log(record, *redactor_));
}

}  // namespace plumb::telemetry
