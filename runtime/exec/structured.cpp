// StructuredRun: argument evaluation, scopes, timeouts, retries and the node's span.
#include "runtime/exec/structured.hpp"

#include <random>

#include "runtime/exec/run_log.hpp"

namespace plumb::exec {

bool trace_sampled(const TracePolicy& policy, std::int64_t index) {
  auto draw = [] {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0, 1)(generator);
  };
  switch (policy.items) {
    case ItemSpans::None:
      return false;
    case ItemSpans::All:
      return true;
    case ItemSpans::Sample:
      return draw() < policy.rate;
    case ItemSpans::Default:
      break;
  }
  return index < policy.limit || draw() < policy.rate;
}

StructuredRun::StructuredRun(Frame& frame, std::uint32_t index)
    : frame_(frame), index_(index), node_(frame.region->nodes[index]) {
}

StructuredRun::~StructuredRun() = default;

void StructuredRun::start() {
  args_.resize(node_.arg_count);
  if (std::optional<RunError> error = evaluate_arguments(frame_, node_, args_.data())) {
    Frame& frame = frame_;
    std::uint32_t index = index_;
    delete this;
    fail_node(frame, index, std::move(*error));
    return;
  }
  attempt();
}

void StructuredRun::resume() {
  if (!retry_cancelled(this, frame_, index_, node_)) attempt();
}

void StructuredRun::attempt() {
  ++attempts_;
  sub_failed_.store(false, std::memory_order_relaxed);
  own_error_.reset();
  details_ = Outcome{};
  activity_ = begin_node(frame_, node_, attempts_);
  const NodeAttributes& attributes = node_.attributes;
  if (attributes.retry || attributes.timeout) {
    own_scope_ = std::make_unique<Scope>(frame_.scope);
    scope_ = own_scope_.get();
  } else {
    scope_ = frame_.scope;
  }
  if (attributes.timeout) {
    RunState* run = frame_.run;
    Scope* scope = own_scope_.get();
    RunError timeout = timeout_error(node_);
    timer_ = run->runtime.timer().schedule(
        Timer::Clock::now() + std::chrono::duration_cast<Timer::Clock::duration>(
                                  std::chrono::duration<double>(*attributes.timeout)),
        [run, scope, timeout] { run->fail(*scope, timeout); });
  }
  launch(*scope_);
}

void StructuredRun::fail_attempt(RunError error) {
  own_error_ = std::move(error);
  finished();
}

std::unique_ptr<Frame> StructuredRun::sub_frame(const RegionPlan& region, Frame* parent,
                                                Scope& scope) {
  auto frame = new_frame(*frame_.run, region, parent, &scope, this);
  frame->span = activity_.span != 0 ? activity_.span : frame_.span;
  frame->label = node_.meta.node;
  frame->owner = &node_;
  return frame;
}

void StructuredRun::finished() {
  RunState& run = *frame_.run;
  if (timer_ != 0) {
    run.runtime.timer().cancel(timer_);
    timer_ = 0;
  }
  std::optional<RunError> error = own_error_;
  if (!error && own_scope_ && own_scope_->failed()) error = own_scope_->error();
  if (!error && sub_failed_.load(std::memory_order_acquire)) error = frame_.scope->error();
  const bool cancelled = !error && scope_->cancelled();
  Frame& frame = frame_;
  std::uint32_t index = index_;
  if (!error && !cancelled) {
    succeed();
    end_node(frame_, node_, activity_, details_);
    delete this;
    node_done(frame, index);
    return;
  }
  Outcome outcome = details_;
  outcome.attempt = reported_attempt(node_, attempts_);
  if (!error) {
    // Cancelled because something else failed: the node ends without a result of its own.
    if (run.debug_runtime) log_node(frame_, node_, activity_.span, "node cancelled", {});
    end_node(frame_, node_, activity_, outcome);
    delete this;
    skip_node(frame, index);
    return;
  }
  outcome.error = &*error;
  end_node(frame_, node_, activity_, outcome);
  if (retry_later(this, frame_, node_, attempts_, *error, activity_.span)) return;
  RunError failure = std::move(*error);
  delete this;
  fail_node(frame, index, std::move(failure));
}

}  // namespace plumb::exec
