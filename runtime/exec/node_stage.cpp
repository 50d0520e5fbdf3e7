// Stage nodes: evaluate the arguments, look up @cache, run the stage (with its @timeout
// enforced through the timer and the stage's cancellation), check the result against the
// declared type, and on a retryable failure try again after an exponential backoff with
// jitter — waiting on the timer, not on a worker thread — until @retry's attempts run out.
// Stages that may block are called on the runtime's I/O threads, never on a worker.
#include <memory>

#include <plumb/error.hpp>

#include "base/value/conform.hpp"
#include "runtime/exec/activity.hpp"
#include "runtime/exec/stage_context.hpp"

namespace plumb::exec {

namespace {

class StageCall : public Resumable {
 public:
  StageCall(Frame& frame, std::uint32_t index)
      : frame_(frame), index_(index), node_(frame.region->nodes[index]) {}

  // Evaluates the arguments and makes the first attempt; false when it failed before.
  void start() {
    const std::size_t params = node_.stage->signature.params.size();
    std::vector<Value> values(node_.arg_count);
    if (std::optional<RunError> error = evaluate_arguments(frame_, node_, values.data())) {
      finish_failed(std::move(*error));
      return;
    }
    args_.assign(std::make_move_iterator(values.begin()),
                 std::make_move_iterator(values.begin() + static_cast<std::ptrdiff_t>(params)));
    for (std::size_t i = params; i < values.size(); ++i) {
      extra_.emplace_back(node_.extra_names[i - params].first, std::move(values[i]));
    }
    if (node_.attributes.cache && lookup_cache()) return;
    attempt();
  }

  void resume() override {
    if (!retry_cancelled(this, frame_, index_, node_)) attempt();
  }

 private:
  std::uint64_t cache_key() const {
    std::uint64_t key = stable_hash(Value::string(node_.stage->signature.name));
    key = key * 31 + stable_hash(Value::string(node_.stage->signature.version));
    for (const Value& v : args_)
      key = key * 1000003 + stable_hash(v);
    for (const auto& [name, v] : extra_) {
      key = key * 1000003 + stable_hash(Value::string(name));
      key = key * 1000003 + stable_hash(v);
    }
    return key;
  }

  bool lookup_cache() {
    auto hit = frame_.run->runtime.cache().find(cache_key());
    if (!hit) return false;
    Activity activity = begin_node(frame_, node_);
    frame_.slots[node_.results[0]] = std::move(*hit);
    Outcome outcome;
    outcome.cached = true;
    end_node(frame_, node_, activity, outcome);
    finish();
    return true;
  }

  void attempt() {
    ++attempts_;
    activity_ = begin_node(frame_, node_, attempts_);
    timed_out_.store(false);
    timer_ = 0;
    deadline_ = Timer::Clock::time_point::max();
    RunState& run = *frame_.run;
    if (node_.attributes.timeout) {
      deadline_ =
          Timer::Clock::now() + std::chrono::duration_cast<Timer::Clock::duration>(
                                    std::chrono::duration<double>(*node_.attributes.timeout));
      timer_ = run.runtime.timer().schedule(deadline_, [this, &run] {
        timed_out_.store(true);
        std::lock_guard lock(run.sleep_mutex);
        run.wake_sleepers.notify_all();
      });
    }
    if (!node_.stage->signature.may_block()) {
      call();
      complete();
      return;
    }
    // The call waits on an I/O thread; the rest continues on a worker.
    run.outside.leave();
    run.runtime.io_pool().submit([this, &run] {
      call();
      run.outside.come_back([this] { complete(); });
    });
  }

  // Runs the stage on the calling thread, leaving its result or error in the members.
  void call() {
    result_ = Value();
    error_.reset();
    RuntimeStageContext context(frame_, node_, args_, extra_, activity_.span, &timed_out_,
                                deadline_);
    StageContext::Scope current(context);
    try {
      result_ = node_.stage->run(context);
    } catch (const StageError& e) {
      error_ = node_error(node_, e.kind(), e.what(), e.retryable());
      error_->stacktrace = e.stacktrace();
      error_->retry_after = e.retry_after();
    } catch (const ValueError& e) {
      error_ = node_error(node_, e.kind(), e.what(), false);
    } catch (const std::exception& e) {
      error_ = node_error(node_, "stage_error", node_.meta.stage + ": " + e.what(), true);
    }
    extras_ = context.take_extras();
  }

  // After a call: the timeout, the result's type, the span, then success, a retry or failure.
  void complete() {
    RunState& run = *frame_.run;
    if (timer_ != 0) run.runtime.timer().cancel(timer_);
    if (timed_out_.load()) error_ = timeout_error(node_);
    if (!error_ && !value_fits(result_, node_.stage->signature.result)) {
      error_ = node_error(node_, "stage_contract",
                          node_.meta.stage + " returned a `" + std::string(type_name(result_)) +
                              "` where its signature promises `" +
                              node_.stage->signature.result.to_string() + "`");
    }
    Outcome outcome;
    outcome.attempt = reported_attempt(node_, attempts_);
    outcome.extras = extras_;
    if (!error_) {
      if (node_.attributes.cache) run.runtime.cache().store(cache_key(), result_);
      frame_.slots[node_.results[0]] = std::move(result_);
      end_node(frame_, node_, activity_, outcome);
      finish();
      return;
    }
    outcome.error = &*error_;
    end_node(frame_, node_, activity_, outcome);
    if (retry_later(this, frame_, node_, attempts_, *error_, activity_.span)) return;
    finish_failed(std::move(*error_));
  }

  void finish() {
    Frame& frame = frame_;
    std::uint32_t index = index_;
    delete this;
    node_done(frame, index);
  }

  void finish_failed(RunError error) {
    Frame& frame = frame_;
    std::uint32_t index = index_;
    delete this;
    fail_node(frame, index, std::move(error));
  }

  Frame& frame_;
  std::uint32_t index_;
  const NodePlan& node_;
  std::vector<Value> args_;
  Fields extra_;
  std::uint32_t attempts_ = 0;
  // The attempt in progress.
  Activity activity_;
  std::atomic<bool> timed_out_{false};
  std::uint64_t timer_ = 0;
  Timer::Clock::time_point deadline_;
  Value result_;
  std::optional<RunError> error_;
  telemetry::SpanExtras* extras_ = nullptr;
};

}  // namespace

void run_stage(Frame& frame, std::uint32_t index) {
  (new StageCall(frame, index))->start();
}

}  // namespace plumb::exec
