// The executor's state while a run goes on. A Frame is one execution of a region (a pipeline
// body, a branch arm, a loop iteration, a map item): a slot per value, a countdown of
// unfinished predecessors per node, and the continuation to call when its last node is done.
// Nodes become ready when their counters reach zero; one ready successor runs on the same
// thread (through a per-thread trampoline, so long chains and loops never deepen the stack),
// the others are spawned on the task arena.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <oneapi/tbb/task_group.h>
#include <plumb/observer.hpp>

#include "runtime/exec/node_counters.hpp"
#include "runtime/exec/outside_work.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/exec/run.hpp"
#include "runtime/exec/runtime.hpp"
#include "runtime/exec/scope.hpp"
#include "runtime/exec/span_notes.hpp"
#include "runtime/telemetry/clock.hpp"

namespace plumb::exec {

struct Frame;

// Called when every node of a frame has finished (or was skipped after a failure).
class Continuation {
 public:
  virtual ~Continuation() = default;
  virtual void frame_done(Frame& frame) = 0;
};

// Work that resumes later on any thread (a retry after its backoff, a map lane).
class Resumable {
 public:
  virtual ~Resumable() = default;
  virtual void resume() = 0;
};

class RunState {
 public:
  RunState(Runtime& runtime, const RunRequest& request);

  Runtime& runtime;
  const Plan& plan;
  tbb::task_group group;
  OutsideWork outside{group, runtime.arena()};  // calls on the I/O threads, retries' timers
  Scope scope;
  bool tracing;
  bool annotated;   // the plan has `trace.*` calls (Plan::annotated)
  SpanNotes notes;  // what they noted, by span, until the span ends
  std::vector<std::shared_ptr<Observer>> observers;
  telemetry::TraceId trace;
  std::uint64_t run_span = 0;
  std::uint64_t remote_parent = 0;
  std::uint8_t trace_flags = 1;
  telemetry::RunMeta meta;
  std::string trace_hex;
  std::string baggage;  // the run's W3C baggage header (RunRequest::baggage)
  KeyValueStore store;
  std::shared_ptr<RunStatistics> statistics;  // handed to the Result at the end
  NodeCounters* counters = nullptr;           // statistics->counters, by node id
  std::mutex details_mutex;  // guards statistics->last_errors, error_types, usage, warned
  std::map<std::uint32_t, std::map<std::string, std::uint64_t>> error_types;  // by node id
  std::map<std::string, ModelCost> usage;
  std::set<std::string, std::less<>> warned;  // StageContext::warn_once messages given
  std::atomic<std::uint64_t> spans{0};
  std::atomic<std::int64_t> queued{0};  // work spawned on the arena that has not started yet
  std::mutex sleep_mutex;
  std::condition_variable wake_sleepers;  // notified when a scope is cancelled
  // Logs (run_log.hpp): whether debug records of the `runtime` and `stdlib` loggers are
  // written (read once at the start); under log_mutex, the last sequence number, the secret
  // values (has_secrets once there is one) and the metric labels already warned about.
  bool debug_runtime = false;
  bool debug_stdlib = false;
  std::mutex log_mutex;
  std::uint64_t log_sequence = 0;
  std::vector<std::string> secrets;
  std::atomic<bool> has_secrets{false};
  std::set<std::string> redacted_labels;  // metric and label, warned about once
  std::atomic<bool> cancelled{false};     // cancelled from outside (RunRequest::cancel)
  std::mutex retry_mutex;
  std::set<std::uint64_t> retry_timers;  // timers of retries waiting out their backoff

  // Unix nanoseconds: the run's start on the system clock plus the TickClock since.
  std::int64_t now_ns() const {
    return start_unix_ns_ + telemetry::TickClock::now_ns() - start_ticks_ns_;
  }
  bool observing() const { return !observers.empty(); }
  void record(const telemetry::SpanRecord& record);
  void fail(Scope& scope, RunError error);
  // Cancels the whole run from outside: records `error`, wakes sleeping stages and ends the
  // retry waits at once.
  void cancel(RunError error);

 private:
  std::int64_t start_ticks_ns_;
  std::int64_t start_unix_ns_;
};

struct Frame {
  RunState* run = nullptr;
  const RegionPlan* region = nullptr;
  Frame* parent = nullptr;
  Scope* scope = nullptr;
  std::unique_ptr<Value[]> slots;
  // Unfinished predecessors of the region's joins (RegionPlan::joins, NodePlan::join): a node
  // with one predecessor is never counted down.
  std::unique_ptr<std::atomic<std::uint32_t>[]> pending;
  // Sinks (nodes without successors) not finished yet: every other node has counted down its
  // successors by the time the sinks after it finish, so the frame is done with its last sink.
  std::atomic<std::uint32_t> remaining{0};
  std::atomic<bool> failed{false};  // one of its nodes failed (not merely skipped)
  std::uint64_t span = 0;           // the span its nodes are children of
  bool traced = true;               // record spans for its nodes
  // The structured node whose region this frame runs (a map, a branch, a loop, a nested
  // pipeline call); null for the run's root frame.
  const NodePlan* owner = nullptr;
  int depth = 0;
  std::string_view label;       // path segment (pipeline or node name)
  std::int64_t index = -1;      // item or iteration number in the path
  std::span<const Value> args;  // a pipeline body's arguments
  Continuation* done = nullptr;

  // Reports an empty region done from the trampoline (so empty loop bodies do not recurse).
  struct Finisher : Resumable {
    Frame* frame = nullptr;
    void resume() override { frame->done->frame_done(*frame); }
  } finisher;

  const Value& slot(SlotRef ref) const {
    const Frame* f = this;
    for (std::uint16_t i = 0; i < ref.up; ++i)
      f = f->parent;
    return f->slots[ref.slot];
  }
  std::string path() const;
};

// Frames (state.cpp), scheduling and node dispatch (executor.cpp).
std::unique_ptr<Frame> new_frame(RunState& run, const RegionPlan& region, Frame* parent,
                                 Scope* scope, Continuation* done);
void start_frame(Frame& frame);
// `ended_ns`: when the node ended (end_node), if it was timed; a successor run inline starts
// then.
void node_done(Frame& frame, std::uint32_t node, std::int64_t ended_ns = 0);
void skip_node(Frame& frame, std::uint32_t node);
void fail_node(Frame& frame, std::uint32_t node, RunError error);
void spawn(RunState& run, Resumable* task);
void post(Resumable* task);

// Retries (retry_timing.cpp).
// The wait before retry `attempt + 1` after `error`: exponential backoff with jitter, or the
// error's `retry_after` when longer, both capped by the policy's `max_backoff`.
double retry_delay(const RetryPolicy& policy, std::uint32_t attempt, const RunError& error);
// After failed attempt number `attempts` of `node` (a stage call or a structured node, which is
// `task`): when @retry allows another (the error is retryable, attempts are left, the frame's
// scope is not cancelled), counts the retry, logs it and resumes `task` after retry_delay,
// waiting on the timer, not on a worker; true then, false when the node fails with `error`.
bool retry_later(Resumable* task, const Frame& frame, const NodePlan& node, std::uint32_t attempts,
                 const RunError& error, std::uint64_t span);
// Called by `task` when its retry's wait is over: when the frame's scope was cancelled
// meanwhile, logs it, deletes `task` and skips the node (true); false when the next attempt
// may start.
bool retry_cancelled(Resumable* task, Frame& frame, std::uint32_t index, const NodePlan& node);
// The attempt number a node's span and outcome report: 1-based with @retry, 0 without.
std::uint16_t reported_attempt(const NodePlan& node, std::uint32_t attempts);

// What every node kind uses (state.cpp): its error, its inputs, a region's results.
RunError node_error(const NodePlan& node, std::string kind, std::string message,
                    bool retryable = false);
// The node's error for an operation of its argument code that failed: at the operation's line
// and column.
RunError eval_error(const NodePlan& node, const EvalError& error);
// The node's error when its @timeout ran out (retryable).
RunError timeout_error(const NodePlan& node);
// The node's inputs, resolved through the frame chain.
void gather_inputs(const Frame& frame, const NodePlan& node, std::vector<const Value*>& out);
// Evaluates the argument code of a stage call or a structured node into `out` (`arg_count`
// values). When an operation fails, the node gets a span with the error, which is returned
// for the caller to fail the node with.
std::optional<RunError> evaluate_arguments(const Frame& frame, const NodePlan& node, Value* out);
Value region_result(const Frame& frame, std::size_t index);

// Node kinds (node_stage.cpp, node_control.cpp, node_map.cpp).
void run_stage(Frame& frame, std::uint32_t node);
void run_call(Frame& frame, std::uint32_t node);
void run_branch(Frame& frame, std::uint32_t node);
void run_for(Frame& frame, std::uint32_t node);
void run_while(Frame& frame, std::uint32_t node);
void run_map(Frame& frame, std::uint32_t node);

}  // namespace plumb::exec
