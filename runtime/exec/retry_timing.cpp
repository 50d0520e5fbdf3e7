// Retry timing, for every node kind with @retry (stage calls and structured nodes): whether a
// failed attempt is retried, the wait before the next attempt (exponential backoff with
// jitter, at least what the failure asked for, such as an HTTP `Retry-After`), the timer that
// resumes the node on the task arena when the wait is over, which cancelling the run cuts
// short, and the node skipped when its scope was cancelled during the wait.
#include "runtime/exec/state.hpp"

#include <algorithm>

#include "base/retry/backoff.hpp"
#include "runtime/exec/run_log.hpp"

namespace plumb::exec {

namespace {

// Resumes `task` on the arena after `seconds`, waiting on the timer, not on a worker.
void resume_after(RunState& run, Resumable* task, double seconds) {
  run.outside.leave();
  auto id = std::make_shared<std::uint64_t>(0);
  // Under the run's retry lock, so the callback forgets the id only after it was noted.
  std::lock_guard lock(run.retry_mutex);
  *id = run.runtime.timer().schedule(
      Timer::Clock::now() + std::chrono::duration_cast<Timer::Clock::duration>(
                                std::chrono::duration<double>(seconds)),
      [&run, task, id] {
        {
          std::lock_guard forget(run.retry_mutex);
          run.retry_timers.erase(*id);
        }
        run.outside.come_back([task] { post(task); });
      });
  run.retry_timers.insert(*id);
}

}  // namespace

double retry_delay(const RetryPolicy& policy, std::uint32_t attempt, const RunError& error) {
  const double backoff = retry::jittered_backoff(policy.backoff, policy.max_backoff, attempt - 1);
  return std::max(backoff, std::min(error.retry_after, policy.max_backoff));
}

bool retry_later(Resumable* task, const Frame& frame, const NodePlan& node, std::uint32_t attempts,
                 const RunError& error, std::uint64_t span) {
  const auto& retry = node.attributes.retry;
  if (!retry || !error.retryable || attempts >= retry->attempts || frame.scope->cancelled())
    return false;
  RunState& run = *frame.run;
  run.counters[node.id].add_retry();
  const double delay = retry_delay(*retry, attempts, error);
  if (run.debug_runtime) log_retry(frame, node, span, error, attempts, delay);
  resume_after(run, task, delay);
  return true;
}

bool retry_cancelled(Resumable* task, Frame& frame, std::uint32_t index, const NodePlan& node) {
  if (!frame.scope->cancelled()) return false;
  if (frame.run->debug_runtime) log_node(frame, node, 0, "retry cancelled", {});
  delete task;
  skip_node(frame, index);
  return true;
}

std::uint16_t reported_attempt(const NodePlan& node, std::uint32_t attempts) {
  return node.attributes.retry ? static_cast<std::uint16_t>(attempts) : 0;
}

}  // namespace plumb::exec
