// run(): the run span around the entry pipeline's root frame, run on the arena until its work
// is done (sleeping while only I/O calls are outstanding, outside_work.hpp) or cancelled
// through RunRequest::cancel, flushing the run's spans, and assembling the outcome and
// statistics.
#include "runtime/exec/run.hpp"

#include <plumb/json.hpp>

#include "runtime/exec/activity.hpp"
#include "runtime/exec/run_log.hpp"
#include "runtime/exec/run_metrics.hpp"
#include "runtime/exec/state.hpp"

namespace plumb::exec {

namespace {

class RootDone : public Continuation {
 public:
  void frame_done(Frame& frame) override {
    if (!frame.region->results.empty()) value = region_result(frame, 0);
  }
  Value value;
};

class Start : public Resumable {
 public:
  explicit Start(Frame& frame) : frame_(frame) {}
  void resume() override { start_frame(frame_); }

 private:
  Frame& frame_;
};

class RunContext : public EventContext {
 public:
  explicit RunContext(RunState& run, std::string_view pipeline) : run_(run), pipeline_(pipeline) {}
  std::string_view run_id() const override { return run_.meta.run_id; }
  std::string_view trace_id() const override { return run_.trace_hex; }
  int depth() const override { return 0; }
  std::string path() const override { return std::string(pipeline_); }
  KeyValueStore& store() const override { return run_.store; }

 private:
  RunState& run_;
  std::string_view pipeline_;
};

}  // namespace

std::vector<NodeResult> node_results(const RunStatistics& statistics) {
  std::vector<NodeResult> results;
  for (const RegionPlan& region : statistics.plan->regions) {
    for (const NodePlan& node : region.nodes) {
      const NodeCounters& c = statistics.counters[node.id];
      const std::uint64_t runs = c.runs.load();
      if (runs == 0 || !node.traced) continue;
      const telemetry::NodeMeta& m = node.meta;
      NodeResult& r = results.emplace_back();
      r.site() = m.site();
      r.runs = runs;
      r.failures = c.failures();
      r.retries = c.retries();
      r.cached = c.cached();
      r.seconds = static_cast<double>(c.total_nanos()) / 1e9;
      auto error = statistics.last_errors.find(node.id);
      if (error != statistics.last_errors.end()) r.error = error->second;
    }
  }
  return results;
}

RunOutcome run(Runtime& runtime, const RunRequest& request) {
  RunState state(runtime, request);
  const FunctionPlan& function = request.plan->functions.at(request.function);
  state.trace = request.parent ? request.parent->trace : telemetry::new_trace_id();
  state.remote_parent = request.parent ? request.parent->parent_span : 0;
  state.trace_flags = request.parent ? request.parent->flags : 1;
  std::string no_spans_reason = runtime.no_tracing_reason();
  if (!runtime.telemetry().sampler().sample(state.trace, request.parent)) {
    if (state.tracing) no_spans_reason = runtime.telemetry().sampler().refusal(request.parent);
    state.tracing = false;
    state.trace_flags &= ~std::uint8_t{1};
  } else {
    state.trace_flags |= 1;
  }
  state.trace_hex = telemetry::to_hex(state.trace);
  state.run_span = telemetry::new_span_id();
  state.meta.pipeline = function.name;
  state.meta.backend = request.backend;
  state.meta.run_id = request.run_id.empty() ? telemetry::to_hex(state.run_span) : request.run_id;
  const std::int64_t start = state.now_ns();
  RunMetrics metrics(state);

  RunContext context(state, function.name);
  for (const auto& observer : state.observers) {
    observer->on_pipeline_start(PipelineEvent{context, function.name, false});
  }
  if (state.debug_runtime) {
    log_run(state, "run started",
            {{"backend", Value::string(request.backend)},
             {"threads", Value::integer(runtime.threads())}});
  }
  RootDone root;
  auto frame =
      new_frame(state, request.plan->regions.at(function.body), nullptr, &state.scope, &root);
  frame->args = request.args;
  frame->span = state.run_span;
  frame->label = function.name;
  Start starter(*frame);
  std::uint64_t cancel_subscription = 0;
  if (request.cancel) {
    cancel_subscription = request.cancel->subscribe([&](const std::string& reason) {
      RunError error;
      error.kind = "cancelled";
      error.message = "the run was cancelled" + (reason.empty() ? "" : " (" + reason + ")");
      error.pipeline = function.name;
      state.cancel(std::move(error));
    });
  }
  // Sleeps while only calls on the I/O threads or retries' timers are outstanding.
  state.outside.run([&] { spawn(state, &starter); });
  if (request.cancel) request.cancel->unsubscribe(cancel_subscription);

  RunOutcome outcome;
  outcome.error = state.scope.error();
  outcome.ok = !outcome.error;
  // Cancelled unless a failure was recorded before the cancellation came.
  outcome.cancelled = state.cancelled.load() && outcome.error && outcome.error->kind == "cancelled";
  if (outcome.ok) outcome.value = std::move(root.value);
  const std::int64_t end = state.now_ns();
  outcome.seconds = static_cast<double>(end - start) / 1e9;
  const char* status = outcome.ok ? "ok" : outcome.cancelled ? "cancelled" : "error";
  metrics.finish(status, outcome.seconds);
  if (state.debug_runtime) {
    log_run(state, "run ended",
            {{"status", Value::string(status)}, {"seconds", Value::number(outcome.seconds)}});
  }
  if (state.tracing) {
    telemetry::SpanRecord record;
    record.trace = state.trace;
    record.span_id = state.run_span;
    record.parent_id = state.remote_parent;
    record.start_ns = start;
    record.end_ns = end;
    record.run = &state.meta;
    record.kind = telemetry::SpanKind::Run;
    if (outcome.error) {
      record.error = true;
      record.extras = new telemetry::SpanExtras{
          {}, {}, outcome.error->kind, outcome.error->describe(), outcome.error->stacktrace};
    }
    if (state.annotated) state.notes.take(state.run_span, record.extras);
    state.record(record);
  }
  for (const auto& observer : state.observers) {
    PipelineEvent event{context, function.name, false, outcome.ok, outcome.seconds};
    std::string message = outcome.error ? outcome.error->describe() : std::string();
    event.error = message;
    observer->on_pipeline_end(event);
  }
  // Spans point at this run's metadata: export them before it goes away.
  runtime.telemetry().flush();
  outcome.trace_id = state.trace_hex;
  outcome.run_id = state.meta.run_id;
  outcome.spans = state.spans.load();
  outcome.spans_dropped.buffer_full = state.meta.dropped_buffer_full.load();
  outcome.spans_dropped.queue_full = state.meta.dropped_queue_full.load();
  if (outcome.spans == 0) outcome.no_spans_reason = std::move(no_spans_reason);
  outcome.statistics = std::move(state.statistics);
  for (auto& [model, usage] : state.usage)
    outcome.usage.push_back(usage);
  return outcome;
}

}  // namespace plumb::exec
