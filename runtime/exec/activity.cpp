// Span records, observer events, debug log records and per-node counters for node executions,
// items and iterations. The counters are relaxed atomics of the node (no lock unless the node
// failed); PLUMB_TRACE_IO adds the node's inputs and output, redacted, as JSON cut at 1 KiB,
// to its span.
#include "runtime/exec/activity.hpp"

#include <plumb/json.hpp>

#include "runtime/exec/run_log.hpp"

#include "runtime/telemetry/json_text.hpp"

namespace plumb::exec {

namespace {

constexpr std::size_t kTraceIoBytes = 1024;

// A recorded input or output: redacted (secret keys at any depth, URL credentials, the run's
// secret values) before it is cut, so a cut never leaves part of a secret.
Value recorded(RunState& run, const Value& value) {
  const Value shown = scrubbed(run, run.runtime.telemetry().redactor().redacted(value));
  return Value::string(telemetry::truncate_utf8(to_json(shown), kTraceIoBytes));
}

void add_io_attributes(const Frame& frame, const NodePlan& node, bool failed,
                       telemetry::SpanExtras& extras) {
  RunState& run = *frame.run;
  std::vector<const Value*> inputs;
  gather_inputs(frame, node, inputs);
  for (std::size_t i = 0; i < inputs.size(); ++i)
    extras.attributes.emplace_back("plumb.input." + std::to_string(i), recorded(run, *inputs[i]));
  if (failed || node.results.empty()) return;
  extras.attributes.emplace_back("plumb.output", recorded(run, frame.slots[node.results[0]]));
}

void log_node_end(const Frame& frame, const NodePlan& node, const Activity& activity,
                  const Outcome& outcome, std::int64_t end) {
  Fields fields = {{"seconds", Value::number(static_cast<double>(end - activity.start) / 1e9)}};
  if (outcome.attempt != 0) fields.emplace_back("attempt", Value::integer(outcome.attempt));
  if (outcome.error) {
    fields.emplace_back("error_type", Value::string(outcome.error->kind));
    fields.emplace_back("error", Value::string(outcome.error->message));
  }
  const char* message = outcome.cached ? "cache hit" : outcome.error ? "node failed" : "node ended";
  log_node(frame, node, activity.span, message, std::move(fields));
}

}  // namespace

std::string FrameContext::path() const {
  std::string path = frame_.path();
  if (index_ >= 0) path += "/" + std::string(label_) + "[" + std::to_string(index_) + "]";
  return path;
}

Activity begin_node(const Frame& frame, const NodePlan& node, std::uint32_t attempt,
                    std::int64_t start_ns) {
  RunState& run = *frame.run;
  Activity activity{0, frame.span, start_ns != 0 ? start_ns : run.now_ns(),
                    frame.parent == nullptr && node.kind == ir::NodeKind::Expr};
  count_one(run.counters[node.id].started, activity.exclusive);
  if (run.tracing && frame.traced && node.traced) activity.span = telemetry::new_span_id();
  if (run.observing() && node.traced) {
    FrameContext context(frame);
    const telemetry::NodeMeta& m = node.meta;
    NodeEvent event{context, m.pipeline, m.node, m.stage, m.file, m.line, attempt, activity.span};
    for (const auto& observer : run.observers)
      observer->on_node_start(event);
  }
  if (run.debug_runtime && node.traced) [[unlikely]] {
    log_node(frame, node, activity.span, "node started", {{"attempt", Value::integer(attempt)}});
  }
  return activity;
}

std::int64_t end_node(const Frame& frame, const NodePlan& node, const Activity& activity,
                      Outcome outcome) {
  RunState& run = *frame.run;
  std::int64_t end = run.now_ns();
  NodeCounters& counters = run.counters[node.id];
  counters.record_duration(end - activity.start, activity.exclusive);
  if (outcome.cached) counters.add_cached();
  if (outcome.error) {
    if (outcome.error->attempt == 0) {
      outcome.error->span = activity.span;
      outcome.error->attempt = outcome.attempt == 0 ? 1 : outcome.attempt;
    }
    // Counted before the run itself (see RunMetrics::fold_node).
    counters.add_failure();
    std::lock_guard lock(run.details_mutex);
    ++run.error_types[node.id][outcome.error->kind];
    run.statistics->last_errors[node.id] = outcome.error->message;
  }
  count_one(counters.runs, activity.exclusive, std::memory_order_release);
  if (activity.span != 0 && run.runtime.telemetry().trace_io()) {
    if (!outcome.extras) outcome.extras = new telemetry::SpanExtras();
    add_io_attributes(frame, node, outcome.error != nullptr, *outcome.extras);
  }
  if (activity.span != 0) {
    if (run.annotated && node.meta.annotated) run.notes.take(activity.span, outcome.extras);
    telemetry::SpanRecord record;
    record.trace = run.trace;
    record.span_id = activity.span;
    record.parent_id = activity.parent;
    record.start_ns = activity.start;
    record.end_ns = end;
    record.node = &node.meta;
    record.run = &run.meta;
    record.items_in = outcome.items_in;
    record.items_out = outcome.items_out;
    record.attempt = outcome.attempt;
    record.arm = outcome.arm;
    record.cache_hit = outcome.cached;
    if (outcome.error) {
      if (!outcome.extras) outcome.extras = new telemetry::SpanExtras();
      outcome.extras->error_type = outcome.error->kind;
      outcome.extras->error_message = outcome.error->message;
      outcome.extras->error_stacktrace = outcome.error->stacktrace;
      record.error = true;
    }
    record.extras = outcome.extras;
    outcome.extras = nullptr;
    run.record(record);
  }
  delete outcome.extras;
  if (run.observing() && node.traced) {
    FrameContext context(frame);
    const telemetry::NodeMeta& m = node.meta;
    NodeEvent event{context,
                    m.pipeline,
                    m.node,
                    m.stage,
                    m.file,
                    m.line,
                    outcome.attempt == 0 ? 1u : outcome.attempt,
                    activity.span};
    event.ok = outcome.error == nullptr;
    event.seconds = static_cast<double>(end - activity.start) / 1e9;
    if (outcome.error) {
      event.error_type = outcome.error->kind;
      event.error = outcome.error->message;
      event.error_stacktrace = outcome.error->stacktrace;
    }
    for (const auto& observer : run.observers) {
      if (outcome.cached) observer->on_node_cached(event);
      if (outcome.error) observer->on_node_error(event);
      observer->on_node_end(event);
    }
  }
  if (run.debug_runtime && node.traced) [[unlikely]] {
    log_node_end(frame, node, activity, outcome, end);
  }
  return end;
}

Activity begin_part(const Frame& frame, std::uint64_t parent_span, bool traced) {
  RunState& run = *frame.run;
  Activity activity{0, parent_span, 0};
  if (run.tracing && traced) {
    activity.span = telemetry::new_span_id();
    activity.start = run.now_ns();
  }
  return activity;
}

void end_part(const Frame& frame, const NodePlan& node, telemetry::SpanKind kind,
              const Activity& activity, std::int64_t index, const RunError* error) {
  RunState& run = *frame.run;
  if (activity.span == 0) return;
  telemetry::SpanRecord record;
  record.trace = run.trace;
  record.span_id = activity.span;
  record.parent_id = activity.parent;
  record.start_ns = activity.start;
  record.end_ns = run.now_ns();
  record.node = &node.meta;
  record.run = &run.meta;
  record.kind = kind;
  record.index = index;
  if (error) {
    record.error = true;
    record.extras =
        new telemetry::SpanExtras{{}, {}, error->kind, error->message, error->stacktrace};
  }
  if (run.annotated && node.meta.annotated) run.notes.take(activity.span, record.extras);
  run.record(record);
}

}  // namespace plumb::exec
