// Nested pipeline calls, branches and loops. Each runs its sub-frames one after the other
// through StructuredRun; loop iterations get spans of their own (all of the first 1,000,
// then a 1% sample, like map items by default). A nested call's `@trace` decides whether the
// called pipeline's nodes get spans.
#include <plumb/error.hpp>

#include "base/value/ops.hpp"
#include "runtime/exec/structured.hpp"

namespace plumb::exec {

namespace {

class CallRun : public StructuredRun {
 public:
  using StructuredRun::StructuredRun;

 protected:
  void launch(Scope& scope) override {
    const FunctionPlan& callee = frame_.run->plan.functions[node_.callee];
    // The caller's frame is the parent for the path and depth; the callee's values never
    // refer above its own body.
    body_ = sub_frame(frame_.run->plan.regions[callee.body], &frame_, scope);
    body_->args = args_;
    body_->label = callee.name;
    if (const auto& policy = node_.attributes.trace) {
      // This call's place among the node's calls in the run (begin_node counted it).
      const std::int64_t index = static_cast<std::int64_t>(
          frame_.run->counters[node_.id].started.load(std::memory_order_relaxed) - 1);
      body_->traced = body_->traced && trace_sampled(*policy, index);
    }
    notify(true);
    start_frame(*body_);
  }
  void frame_done(Frame& frame) override {
    if (frame.failed.load()) note_failure();
    if (!frame.region->results.empty()) result_ = region_result(frame, 0);
    notify(false);
    body_.reset();
    finished();
  }
  void succeed() override { frame_.slots[node_.results[0]] = std::move(result_); }

 private:
  void notify(bool start) {
    RunState& run = *frame_.run;
    if (!run.observing()) return;
    FrameContext context(*body_);
    PipelineEvent event{context, body_->label, true};
    for (const auto& observer : run.observers) {
      if (start) {
        observer->on_nested_pipeline_start(event);
      } else {
        observer->on_nested_pipeline_end(event);
      }
    }
  }

  std::unique_ptr<Frame> body_;
  Value result_;
};

class BranchRun : public StructuredRun {
 public:
  using StructuredRun::StructuredRun;

 protected:
  void launch(Scope& scope) override {
    bool taken;
    try {
      taken = ops::truth(args_[0], "the condition of `if`");
    } catch (const ValueError& e) {
      fail_attempt(node_error(node_, e.kind(), e.what()));
      return;
    }
    arm_ = taken ? 0 : 1;
    details_.arm = static_cast<std::int8_t>(arm_);
    frame_arm_ = sub_frame(frame_.run->plan.regions[node_.regions[arm_]], &frame_, scope);
    start_frame(*frame_arm_);
  }
  void frame_done(Frame& frame) override {
    if (frame.failed.load()) note_failure();
    for (std::size_t i = 0; i < node_.results.size(); ++i)
      results_.push_back(region_result(frame, i));
    frame_arm_.reset();
    finished();
  }
  void succeed() override {
    for (std::size_t i = 0; i < node_.results.size(); ++i) {
      frame_.slots[node_.results[i]] = std::move(results_[i]);
    }
  }

 private:
  std::size_t arm_ = 0;
  std::unique_ptr<Frame> frame_arm_;
  std::vector<Value> results_;
};

// For and while share carried values, iteration spans and sub-frame bookkeeping.
class LoopRun : public StructuredRun {
 public:
  using StructuredRun::StructuredRun;

 protected:
  void begin_iteration(const RegionPlan& region, std::size_t first_param, const Value* item) {
    bool traced = frame_.traced && trace_sampled(TracePolicy{}, iteration_);
    part_ = begin_part(frame_, activity_.span != 0 ? activity_.span : frame_.span,
                       traced && activity_.span != 0);
    current_ = sub_frame(region, &frame_, *scope_of_attempt_);
    current_->index = iteration_;
    current_->traced = traced;
    if (part_.span != 0) current_->span = part_.span;
    if (item) current_->slots[region.param_slots[0]] = *item;
    for (std::size_t i = 0; i < carried_.size(); ++i) {
      current_->slots[region.param_slots[first_param + i]] = carried_[i];
    }
    start_frame(*current_);
  }
  // Ends the iteration's span; false (after noting it) when a node in it failed.
  bool end_iteration(Frame& frame) {
    bool failed = frame.failed.load();
    if (failed) note_failure();
    std::optional<RunError> error = failed ? frame.scope->error() : std::nullopt;
    end_part(frame_, node_, telemetry::SpanKind::Iteration, part_, iteration_,
             error ? &*error : nullptr);
    return !failed && !frame.scope->cancelled();
  }
  void succeed() override {
    for (std::size_t i = 0; i < node_.results.size(); ++i)
      frame_.slots[node_.results[i]] = carried_[i];
  }

  std::vector<Value> carried_;
  std::int64_t iteration_ = 0;
  std::unique_ptr<Frame> current_;
  Activity part_;
  Scope* scope_of_attempt_ = nullptr;
};

class ForRun : public LoopRun {
 public:
  using LoopRun::LoopRun;

 protected:
  void launch(Scope& scope) override {
    scope_of_attempt_ = &scope;
    if (!args_[0].is_list()) {
      fail_attempt(node_error(
          node_, "type", "`for` needs a list, not `" + std::string(type_name(args_[0])) + "`"));
      return;
    }
    items_ = args_[0].as_list();
    carried_.assign(args_.begin() + 1, args_.end());
    iteration_ = 0;
    details_.items_in = static_cast<std::int64_t>(items_.size());
    next();
  }
  void frame_done(Frame& frame) override {
    bool ok = end_iteration(frame);
    if (ok) {
      for (std::size_t i = 0; i < carried_.size(); ++i)
        carried_[i] = region_result(frame, i);
    }
    current_.reset();
    ++iteration_;
    if (!ok) {
      finished();
      return;
    }
    next();
  }

 private:
  void next() {
    if (static_cast<std::size_t>(iteration_) >= items_.size()) {
      finished();
      return;
    }
    begin_iteration(frame_.run->plan.regions[node_.regions[0]], 1,
                    &items_[static_cast<std::size_t>(iteration_)]);
  }

  std::span<const Value> items_;
};

class WhileRun : public LoopRun {
 public:
  using LoopRun::LoopRun;

 protected:
  void launch(Scope& scope) override {
    scope_of_attempt_ = &scope;
    if (!args_[0].is_int()) {
      fail_attempt(node_error(node_, "type", "the `max` bound of `while` must be an `int`"));
      return;
    }
    bound_ = args_[0].as_int();
    carried_.assign(args_.begin() + 1, args_.end());
    iteration_ = 0;
    check_condition();
  }
  void frame_done(Frame& frame) override {
    if (in_condition_) {
      in_condition_ = false;
      if (frame.failed.load()) note_failure();
      bool cancelled = frame.scope->cancelled();
      Value cond = cancelled ? Value() : region_result(frame, 0);
      condition_.reset();
      if (cancelled) {
        finished();
        return;
      }
      bool go;
      try {
        go = ops::truth(cond, "the condition of `while`");
      } catch (const ValueError& e) {
        fail_attempt(node_error(node_, e.kind(), e.what()));
        return;
      }
      if (!go) {
        finished();
        return;
      }
      if (iteration_ >= bound_) {
        fail_attempt(node_error(node_, "loop_bound",
                                "`while` loop did not end within its bound of " +
                                    std::to_string(bound_) + " iterations"));
        return;
      }
      begin_iteration(frame_.run->plan.regions[node_.regions[1]], 0, nullptr);
      return;
    }
    bool ok = end_iteration(frame);
    if (ok) {
      for (std::size_t i = 0; i < carried_.size(); ++i)
        carried_[i] = region_result(frame, i);
    }
    current_.reset();
    ++iteration_;
    if (!ok) {
      finished();
      return;
    }
    check_condition();
  }

 private:
  void check_condition() {
    in_condition_ = true;
    const RegionPlan& region = frame_.run->plan.regions[node_.regions[0]];
    condition_ = sub_frame(region, &frame_, *scope_of_attempt_);
    for (std::size_t i = 0; i < carried_.size(); ++i) {
      condition_->slots[region.param_slots[i]] = carried_[i];
    }
    start_frame(*condition_);
  }

  std::int64_t bound_ = 0;
  bool in_condition_ = false;
  std::unique_ptr<Frame> condition_;
};

}  // namespace

void run_call(Frame& frame, std::uint32_t node) {
  (new CallRun(frame, node))->start();
}
void run_branch(Frame& frame, std::uint32_t node) {
  (new BranchRun(frame, node))->start();
}
void run_for(Frame& frame, std::uint32_t node) {
  (new ForRun(frame, node))->start();
}
void run_while(Frame& frame, std::uint32_t node) {
  (new WhileRun(frame, node))->start();
}

}  // namespace plumb::exec
