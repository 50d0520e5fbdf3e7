// The common life of a node that runs sub-frames (nested pipeline call, branch, loops, map
// and filter): evaluate its arguments, open its span, launch the sub-work in a scope, and
// when the sub-work reports back, succeed, fail, or — with @retry — try again in a fresh
// scope after a backoff. With @retry or @timeout the sub-work runs in the node's own scope,
// so a failure or the timeout inside it cancels only that work; otherwise it shares the
// frame's scope, and a failure inside cancels the siblings too.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include "runtime/exec/activity.hpp"
#include "runtime/exec/state.hpp"

namespace plumb::exec {

// Whether part `index` (a map item, a loop iteration, a nested pipeline call's run) of a node
// gets spans under `policy` (@trace): every one, none, a random share, or by default all up
// to the limit and a random share after.
bool trace_sampled(const TracePolicy& policy, std::int64_t index);

class StructuredRun : public Continuation, public Resumable {
 public:
  StructuredRun(Frame& frame, std::uint32_t index);
  ~StructuredRun() override;
  // Evaluates the arguments and makes the first attempt. The object deletes itself when the
  // node is done.
  void start();
  void resume() override;

 protected:
  // Starts the sub-work of one attempt in `scope`; it must eventually call finished().
  virtual void launch(Scope& scope) = 0;
  // Writes the node's results after a successful attempt.
  virtual void succeed() = 0;
  // The sub-work is over (successfully, or after a failure or cancellation inside it).
  void finished();
  // Fails the attempt with an error found by the node itself (a condition that is not a bool).
  void fail_attempt(RunError error);
  // Reports that a sub-frame had a failing node; map items report from several threads at once.
  void note_failure() { sub_failed_.store(true, std::memory_order_release); }
  // A sub-frame of `region` under this node, with the node's span as parent.
  std::unique_ptr<Frame> sub_frame(const RegionPlan& region, Frame* parent, Scope& scope);

  Frame& frame_;
  std::uint32_t index_;
  const NodePlan& node_;
  std::vector<Value> args_;
  Activity activity_;
  Outcome details_;  // item counts and branch arm reported on the span

 private:
  void attempt();

  std::unique_ptr<Scope> own_scope_;
  Scope* scope_ = nullptr;
  std::optional<RunError> own_error_;
  std::uint32_t attempts_ = 0;
  std::uint64_t timer_ = 0;
  std::atomic<bool> sub_failed_{false};
};

}  // namespace plumb::exec
