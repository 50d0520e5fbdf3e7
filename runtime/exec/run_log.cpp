// Log records of a run: numbering and scrubbing on the way to the sink, and the runtime
// logger's error and lifecycle records.
#include "runtime/exec/run_log.hpp"

#include "base/value/redaction.hpp"

namespace plumb::exec {

namespace {

telemetry::LogRecord runtime_record(RunState& run, LogLevel level, std::string_view message,
                                    std::uint64_t span, Fields fields) {
  telemetry::LogRecord record;
  record.time_ns = run.now_ns();
  record.level = level;
  record.logger = "runtime";
  record.message = std::string(message);
  record.fields = std::move(fields);
  record.trace_id = run.trace_hex;
  record.span_id = telemetry::to_hex(span != 0 ? span : run.run_span);
  record.trace_flags = run.trace_flags;
  return record;
}

}  // namespace

void write_log(RunState& run, telemetry::LogRecord record) {
  telemetry::LogSink& sink = run.runtime.logs();
  if (!sink.enabled(record.logger, record.level)) return;
  std::lock_guard lock(run.log_mutex);
  if (!run.secrets.empty()) {
    scrub_secrets(record.message, run.secrets);
    for (auto& [key, value] : record.fields)
      value = scrub_secrets(value, run.secrets);
  }
  record.sequence = ++run.log_sequence;
  sink.write(record);
}

void log_node(const Frame& frame, const NodePlan& node, std::uint64_t span,
              std::string_view message, Fields fields) {
  RunState& run = *frame.run;
  if (!node.meta.stage.empty()) fields.emplace_back("stage", Value::string(node.meta.stage));
  fields.emplace_back("path", Value::string(frame.path()));
  telemetry::LogRecord record = runtime_record(run, LogLevel::Debug, message,
                                               span != 0 ? span : frame.span, std::move(fields));
  record.pipeline = node.meta.pipeline;
  record.node = node.meta.node;
  write_log(run, std::move(record));
}

void log_retry(const Frame& frame, const NodePlan& node, std::uint64_t span, const RunError& error,
               std::uint32_t attempt, double delay_seconds) {
  log_node(frame, node, span, "retrying",
           {{"attempt", Value::integer(attempt)},
            {"delay_seconds", Value::number(delay_seconds)},
            {"error_type", Value::string(error.kind)},
            {"error", Value::string(error.message)}});
}

void log_run(RunState& run, std::string_view message, Fields fields) {
  telemetry::LogRecord record =
      runtime_record(run, LogLevel::Debug, message, run.run_span, std::move(fields));
  record.pipeline = run.meta.pipeline;
  write_log(run, std::move(record));
}

void log_failure(RunState& run, const RunError& error) {
  Fields fields = {{"error_type", Value::string(error.kind)}};
  if (!error.stage.empty()) fields.emplace_back("stage", Value::string(error.stage));
  if (!error.file.empty()) {
    fields.emplace_back("file", Value::string(error.file));
    fields.emplace_back("line", Value::integer(error.line));
    fields.emplace_back("col", Value::integer(error.col));
  }
  fields.emplace_back("attempt", Value::integer(error.attempt == 0 ? 1 : error.attempt));
  telemetry::LogRecord record =
      runtime_record(run, LogLevel::Error, error.message, error.span, std::move(fields));
  record.pipeline = error.pipeline;
  record.node = error.node;
  write_log(run, std::move(record));
}

void add_secret(RunState& run, std::string_view name, std::string_view value) {
  if (value.size() < kMinSecretBytes || !run.runtime.telemetry().redactor().secret(name)) return;
  std::lock_guard lock(run.log_mutex);
  run.secrets.emplace_back(value);
  run.has_secrets.store(true, std::memory_order_release);
}

bool note_redacted_label(RunState& run, std::string_view metric, std::string_view label) {
  std::lock_guard lock(run.log_mutex);
  return run.redacted_labels.emplace(std::string(metric) + '\0' + std::string(label)).second;
}

Value scrubbed(RunState& run, const Value& value) {
  if (!run.has_secrets.load(std::memory_order_acquire)) return value;
  std::lock_guard lock(run.log_mutex);
  return scrub_secrets(value, run.secrets);
}

}  // namespace plumb::exec
