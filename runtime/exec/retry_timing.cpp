// Retry timing: the wait before a node's next attempt (exponential backoff with jitter,
// at least what the failure asked for, such as an HTTP `Retry-After`) and the timer that
// resumes the node on the task arena when the wait is over, which cancelling the run cuts
// short.
#include "runtime/exec/state.hpp"

#include <algorithm>

#include "base/retry/backoff.hpp"
#include "runtime/exec/task_handoff.hpp"

namespace plumb::exec {

double retry_delay(const RetryPolicy& policy, std::uint32_t attempt, const RunError& error) {
  const double backoff = retry::jittered_backoff(policy.backoff, policy.max_backoff, attempt - 1);
  return std::max(backoff, std::min(error.retry_after, policy.max_backoff));
}

void resume_after(RunState& run, Resumable* task, double seconds) {
  auto handle = std::make_shared<tbb::task_handle>(run.group.defer([task] {
    handoff_receive();
    post(task);
    handoff_send();
  }));
  tbb::task_arena* arena = &run.runtime.arena();
  auto id = std::make_shared<std::uint64_t>(0);
  // Under the run's retry lock, so the callback forgets the id only after it was noted.
  std::lock_guard lock(run.retry_mutex);
  *id = run.runtime.timer().schedule(
      Timer::Clock::now() + std::chrono::duration_cast<Timer::Clock::duration>(
                                std::chrono::duration<double>(seconds)),
      [&run, arena, handle, id] {
        {
          std::lock_guard forget(run.retry_mutex);
          run.retry_timers.erase(*id);
        }
        handoff_send();
        arena->enqueue(std::move(*handle));
      });
  run.retry_timers.insert(*id);
}

}  // namespace plumb::exec
