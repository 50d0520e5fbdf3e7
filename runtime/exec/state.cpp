// The executor's state (state.hpp): a run's cancellation, failure and span recording, frames
// and their paths, and the helpers every node kind uses (its error, its inputs, a region's
// results).
#include "runtime/exec/state.hpp"

#include <cstdio>

#include "base/invariant/check.hpp"
#include "runtime/exec/activity.hpp"
#include "runtime/exec/run_log.hpp"
#include "runtime/telemetry/wall_clock.hpp"

namespace plumb::exec {

RunState::RunState(Runtime& rt, const RunRequest& request)
    : runtime(rt),
      plan(*request.plan),
      tracing(rt.tracing()),
      annotated(request.plan->annotated),
      observers(rt.observers()),
      statistics(std::make_shared<RunStatistics>()),
      debug_runtime(rt.logs().enabled("runtime", LogLevel::Debug)),
      debug_stdlib(rt.logs().enabled("stdlib", LogLevel::Debug)),
      start_ticks_ns_(telemetry::TickClock::now_ns()),
      start_unix_ns_(telemetry::unix_now_ns()) {
  statistics->plan = request.plan;
  baggage = request.baggage;
  statistics->counters.reset(new NodeCounters[request.plan->node_count]);
  counters = statistics->counters.get();
}

void RunState::cancel(RunError error) {
  cancelled.store(true);
  scope.fail(std::move(error));
  {
    std::lock_guard lock(sleep_mutex);
    wake_sleepers.notify_all();
  }
  std::lock_guard lock(retry_mutex);
  for (std::uint64_t id : retry_timers)
    runtime.timer().fire_now(id);
}

void RunState::record(const telemetry::SpanRecord& record) {
  spans.fetch_add(1, std::memory_order_relaxed);
  runtime.telemetry().record(record);
}

void RunState::fail(Scope& failed, RunError error) {
  if (&failed == &scope && !failed.failed()) {
    // The run fails (unless another failure got there first): say so in the logs, once.
    const RunError copy = error;
    if (failed.fail(std::move(error))) log_failure(*this, copy);
  } else {
    failed.fail(std::move(error));
  }
  std::lock_guard lock(sleep_mutex);
  wake_sleepers.notify_all();
}

std::string Frame::path() const {
  std::vector<const Frame*> chain;
  for (const Frame* f = this; f; f = f->parent)
    chain.push_back(f);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += (*it)->label;
    if ((*it)->index >= 0) out += "[" + std::to_string((*it)->index) + "]";
  }
  return out;
}

std::unique_ptr<Frame> new_frame(RunState& run, const RegionPlan& region, Frame* parent,
                                 Scope* scope, Continuation* done) {
  auto frame = std::make_unique<Frame>();
  frame->run = &run;
  frame->region = &region;
  frame->parent = parent;
  frame->scope = scope;
  frame->done = done;
  frame->slots.reset(new Value[region.slot_count]);
  frame->pending.reset(new std::atomic<std::uint32_t>[region.joins.size()]);
  for (std::size_t k = 0; k < region.joins.size(); ++k) {
    frame->pending[k].store(region.nodes[region.joins[k]].predecessors, std::memory_order_relaxed);
  }
  if (parent) {
    frame->span = parent->span;
    frame->traced = parent->traced;
    frame->depth = parent->depth + 1;
  }
  return frame;
}

RunError node_error(const NodePlan& node, std::string kind, std::string message, bool retryable) {
  RunError error;
  error.kind = std::move(kind);
  error.message = std::move(message);
  error.site() = node.meta.site();
  if (!node.stage) error.stage.clear();
  error.retryable = retryable;
  return error;
}

RunError eval_error(const NodePlan& node, const EvalError& error) {
  RunError out = node_error(node, error.kind, error.message);
  out.line = error.loc.line;
  out.col = error.loc.col;
  return out;
}

RunError timeout_error(const NodePlan& node) {
  PLUMB_DCHECK(node.attributes.timeout.has_value(), "a timeout error of a node without @timeout");
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%gs", *node.attributes.timeout);
  return node_error(node, "timeout", "timed out after " + std::string(seconds), true);
}

void gather_inputs(const Frame& frame, const NodePlan& node, std::vector<const Value*>& out) {
  out.clear();
  for (const SlotRef& ref : node.inputs)
    out.push_back(&frame.slot(ref));
}

std::optional<RunError> evaluate_arguments(const Frame& frame, const NodePlan& node, Value* out) {
  std::vector<const Value*> inputs;
  gather_inputs(frame, node, inputs);
  try {
    node.evaluator.function(node.evaluator.state, inputs.data(), out);
  } catch (const EvalError& e) {
    RunError error = eval_error(node, e);
    Activity activity = begin_node(frame, node);
    end_node(frame, node, activity, Outcome{&error});
    return error;
  }
  return std::nullopt;
}

Value region_result(const Frame& frame, std::size_t index) {
  return frame.slot(frame.region->results[index]);
}

}  // namespace plumb::exec
