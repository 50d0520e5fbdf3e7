// The scheduler: starting a frame, ready-node dispatch with one successor inline (through a
// per-thread trampoline) and the rest spawned on the task arena, wide fan-outs spread in
// halves, wide joins counted down once per part, skipping and failing nodes, and the constant,
// expression and `return` nodes. The run's state is in state.cpp, retry waits in
// retry_timing.cpp, and run() (the run span, the root frame, waiting) in run.cpp.
#include <plumb/error.hpp>

#include "runtime/exec/activity.hpp"
#include "runtime/exec/run_log.hpp"
#include "runtime/exec/state.hpp"
#include "runtime/exec/task_handoff.hpp"

namespace plumb::exec {

namespace {

struct Work {
  Frame* frame = nullptr;
  std::uint32_t node = 0;
  Resumable* task = nullptr;
  std::int64_t ready_ns = 0;  // run inline right after a predecessor that ended then
  // Instead of `node`: part of a wide fan-out (a node's successors or a region's roots), to
  // count down and run (see spread).
  const std::uint32_t* fan_out = nullptr;
  std::uint32_t fan_out_size = 0;
  std::uint32_t fan_out_part = 0;  // spread: run parts this small here; 0: choose
};

// The countdown of a wide join (see kWideJoin) that a thread holds back while the work it runs
// next counts down the same join: the nodes of a part of a wide fan-out that meet again in one
// node then pay one locked instruction on a shared line per part, not one per node.
struct HeldCountdown {
  Frame* frame = nullptr;
  std::uint32_t join = 0;  // the node counted down
  std::uint32_t count = 0;
};

struct Trampoline {
  std::vector<Work> stack;
  bool active = false;
  HeldCountdown held;
};
thread_local Trampoline trampoline;

// Joins with at least this many predecessors are counted down through HeldCountdown.
constexpr std::uint32_t kWideJoin = 16;

void execute(Frame& frame, std::uint32_t node, std::int64_t ready_ns);
void spread(Frame& frame, const std::uint32_t* nodes, std::uint32_t size, std::uint32_t part);

// Whether `work` counts down only the held join when it ends: a node of the same frame whose
// one successor is that join.
bool continues_held(const HeldCountdown& held, const Work& work) {
  if (work.frame != held.frame || work.task || work.fan_out) return false;
  const std::vector<std::uint32_t>& successors = held.frame->region->nodes[work.node].successors;
  return successors.size() == 1 && successors[0] == held.join;
}

// Counts the held countdown down; a join it makes ready goes on the stack. The frame may be
// freed by another thread right after an uncompleted countdown, so it is not touched then.
void release_held(Trampoline& t) {
  const HeldCountdown held = t.held;
  t.held = HeldCountdown{};
  const NodePlan& join = held.frame->region->nodes[held.join];
  if (held.frame->pending[join.join].fetch_sub(held.count, std::memory_order_acq_rel) ==
      held.count) {
    t.stack.push_back(Work{held.frame, held.join, nullptr});
  }
}

void run_work(Work work) {
  Trampoline& t = trampoline;
  t.stack.push_back(work);
  if (t.active) return;
  t.active = true;
  while (!t.stack.empty() || t.held.count != 0) {
    if (t.stack.empty() || (t.held.count != 0 && !continues_held(t.held, t.stack.back()))) {
      release_held(t);
      continue;
    }
    Work next = t.stack.back();
    t.stack.pop_back();
    if (next.task) {
      next.task->resume();
    } else if (next.fan_out) {
      spread(*next.frame, next.fan_out, next.fan_out_size, next.fan_out_part);
    } else {
      execute(*next.frame, next.node, next.ready_ns);
    }
  }
  t.active = false;
}

// Queues work on the arena, counted in RunState::queued until a worker takes it.
void spawn_work(RunState& run, Work work) {
  run.queued.fetch_add(1, std::memory_order_relaxed);
  tbb::task_handle task = run.group.defer([&run, work] {
    handoff_receive();
    run.queued.fetch_sub(1, std::memory_order_relaxed);
    run_work(work);
    handoff_send();
  });
  handoff_send();
  run.group.run(std::move(task));
}

void spawn_node(Frame& frame, std::uint32_t node) {
  spawn_work(*frame.run, Work{&frame, node, nullptr});
}

// The work of spreading `size` nodes from `nodes` (see spread).
Work fan_out_work(Frame& frame, const std::uint32_t* nodes, std::size_t size,
                  std::uint32_t part = 0) {
  Work work{&frame, 0, nullptr};
  work.fan_out = nodes;
  work.fan_out_size = static_cast<std::uint32_t>(size);
  work.fan_out_part = part;
  return work;
}

// Fan-outs at least this wide are spread in halves instead of one task per node.
constexpr std::size_t kWideFanOut = 16;

// Counts down and runs `nodes` (successors of one node that just ended, or a region's roots):
// halves go to the arena until a part is small enough for this thread, which then queues the
// ready ones on its trampoline. A part is an eighth of what each worker would get of the whole
// fan-out, so a stolen half is split again and no worker waits long for another's part. The
// frame stays alive while a node of the fan-out has not been counted down.
void spread(Frame& frame, const std::uint32_t* nodes, std::uint32_t size, std::uint32_t part) {
  const RegionPlan& region = *frame.region;
  if (part == 0) {
    const auto workers = static_cast<std::uint32_t>(std::max(frame.run->runtime.threads(), 1));
    part = std::max<std::uint32_t>(1, size / (8 * workers));
  }
  while (size > part) {
    const std::uint32_t half = size / 2;
    spawn_work(*frame.run, fan_out_work(frame, nodes + half, size - half, part));
    size = half;
  }
  std::atomic<std::uint32_t>* pending = frame.pending.get();
  for (std::uint32_t k = 0; k < size; ++k) {
    const NodePlan& node = region.nodes[nodes[k]];
    if (node.predecessors > 1 && pending[node.join].fetch_sub(1, std::memory_order_acq_rel) != 1)
      continue;
    run_work(Work{&frame, nodes[k], nullptr});
  }
}

constexpr std::size_t kInlineInputs = 16;

// Evaluates a constant, expression or `return` node.
void run_simple(Frame& frame, std::uint32_t index, std::int64_t ready_ns) {
  const NodePlan& node = frame.region->nodes[index];
  const Value* buffer[kInlineInputs];
  std::vector<const Value*> heap;
  const Value** inputs = buffer;
  if (node.inputs.size() > kInlineInputs) {
    gather_inputs(frame, node, heap);
    inputs = heap.data();
  } else {
    for (std::size_t i = 0; i < node.inputs.size(); ++i)
      buffer[i] = &frame.slot(node.inputs[i]);
  }
  const bool spanned = node.kind == ir::NodeKind::Expr;
  Activity activity = spanned ? begin_node(frame, node, 1, ready_ns) : Activity{};
  Value result;
  try {
    node.evaluator.function(node.evaluator.state, inputs, &result);
  } catch (const EvalError& e) {
    RunError error = eval_error(node, e);
    if (spanned) end_node(frame, node, activity, Outcome{&error});
    fail_node(frame, index, std::move(error));
    return;
  }
  frame.slots[node.results[0]] = std::move(result);
  node_done(frame, index, spanned ? end_node(frame, node, activity, Outcome{}) : ready_ns);
}

void execute(Frame& frame, std::uint32_t index, std::int64_t ready_ns) {
  const NodePlan& node = frame.region->nodes[index];
  if (frame.scope->cancelled()) {
    if (frame.run->debug_runtime && node.traced) log_node(frame, node, 0, "node cancelled", {});
    skip_node(frame, index);
    return;
  }
  switch (node.kind) {
    case ir::NodeKind::Param:
      frame.slots[node.results[0]] = frame.args[node.param_index];
      node_done(frame, index, ready_ns);
      return;
    case ir::NodeKind::Const:
    case ir::NodeKind::Expr:
    case ir::NodeKind::Return:
      run_simple(frame, index, ready_ns);
      return;
    case ir::NodeKind::Stage:
      run_stage(frame, index);
      return;
    case ir::NodeKind::Call:
      run_call(frame, index);
      return;
    case ir::NodeKind::Branch:
      run_branch(frame, index);
      return;
    case ir::NodeKind::For:
      run_for(frame, index);
      return;
    case ir::NodeKind::While:
      run_while(frame, index);
      return;
    case ir::NodeKind::Map:
    case ir::NodeKind::Filter:
      run_map(frame, index);
      return;
  }
}

}  // namespace

void start_frame(Frame& frame) {
  const RegionPlan& region = *frame.region;
  frame.remaining.store(region.sinks, std::memory_order_relaxed);
  if (region.nodes.empty()) {
    frame.finisher.frame = &frame;
    post(&frame.finisher);
    return;
  }
  const auto& roots = region.roots;
  if (roots.size() >= kWideFanOut) {
    run_work(fan_out_work(frame, roots.data(), roots.size()));
    return;
  }
  for (std::size_t i = 1; i < roots.size(); ++i)
    spawn_node(frame, roots[i]);
  run_work(Work{&frame, roots[0], nullptr});
}

// Once the last successor has been counted down, another thread may finish the frame and
// free it: after that this touches the frame only if it made a successor ready (which keeps
// the frame alive until it has run).
void node_done(Frame& frame, std::uint32_t index, std::int64_t ended_ns) {
  const RegionPlan& region = *frame.region;
  const NodePlan& node = region.nodes[index];
  if (node.successors.empty()) {
    if (frame.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) frame.done->frame_done(frame);
    return;
  }
  if (node.successors.size() >= kWideFanOut) {
    run_work(fan_out_work(frame, node.successors.data(), node.successors.size()));
    return;
  }
  std::atomic<std::uint32_t>* pending = frame.pending.get();
  Trampoline& t = trampoline;
  std::uint32_t next = UINT32_MAX;
  for (std::uint32_t successor : node.successors) {
    // A lone predecessor need not count down: such a node has no counter.
    const NodePlan& next_node = region.nodes[successor];
    if (next_node.predecessors >= kWideJoin && t.active) {
      if (t.held.count != 0 && (t.held.frame != &frame || t.held.join != successor))
        release_held(t);
      t.held.frame = &frame;
      t.held.join = successor;
      ++t.held.count;
      continue;
    }
    if (next_node.predecessors != 1 &&
        pending[next_node.join].fetch_sub(1, std::memory_order_acq_rel) != 1) {
      continue;
    }
    if (next == UINT32_MAX) {
      next = successor;
    } else if (region.nodes[successor].critical && !region.nodes[next].critical) {
      spawn_node(frame, next);
      next = successor;
    } else {
      spawn_node(frame, successor);
    }
  }
  if (next != UINT32_MAX) run_work(Work{&frame, next, nullptr, ended_ns});
}

void skip_node(Frame& frame, std::uint32_t index) {
  for (std::uint32_t slot : frame.region->nodes[index].results)
    frame.slots[slot] = Value();
  node_done(frame, index);
}

void fail_node(Frame& frame, std::uint32_t index, RunError error) {
  frame.failed.store(true, std::memory_order_relaxed);
  frame.run->fail(*frame.scope, std::move(error));
  skip_node(frame, index);
}

void spawn(RunState& run, Resumable* task) {
  spawn_work(run, Work{nullptr, 0, task});
}

void post(Resumable* task) {
  run_work(Work{nullptr, 0, task});
}

}  // namespace plumb::exec
