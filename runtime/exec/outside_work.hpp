// Work of a run that waits outside the task arena — a stage call on the I/O threads, a retry
// waiting out its backoff on the timer — and comes back to it when done. The thread that runs
// the run sleeps on a condition variable while only such work is outstanding, instead of
// waiting in the task group, where oneTBB spins in sched_yield for about a millisecond after
// every hand-off before it sleeps; work that comes back while it sleeps is run by that thread
// itself, so no worker is woken (and spins before sleeping again) for it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

namespace plumb::exec {

class OutsideWork {
 public:
  OutsideWork(tbb::task_group& group, tbb::task_arena& arena) : group_(group), arena_(arena) {}

  // Before work leaves the arena.
  void leave();
  // From any thread, once that work is done: `rest` runs on the arena, in the task group or
  // on the run's thread.
  void come_back(std::function<void()> rest);
  // On the run's thread: runs `start` on the arena and waits for the task group; then, until
  // no work is outside, sleeps until some comes back, runs it and waits for the group again.
  void run(std::function<void()> start);
  // How many times the run's thread woke up to wait in the arena (for tests).
  std::size_t wake_ups() const { return wake_ups_; }

 private:
  void run_on_arena(std::vector<std::function<void()>>& work);

  // Shared with the threads that hand work back, so one can notify the run's thread after
  // releasing the lock (sparing that thread a wake-up only to wait for the lock) even though
  // the run may end, and this object go away, as soon as the lock is released.
  struct Wakeup {
    std::mutex mutex;
    std::condition_variable changed;
  };

  tbb::task_group& group_;
  tbb::task_arena& arena_;
  std::shared_ptr<Wakeup> wakeup_ = std::make_shared<Wakeup>();
  // Under wakeup_->mutex:
  std::size_t outside_ = 0;  // left and not come back yet
  bool run_thread_asleep_ = false;
  std::vector<std::function<void()>> for_run_thread_;  // came back while it slept
  std::size_t queued_ = 0;  // came back to the task group since the run's thread last waited
  std::size_t wake_ups_ = 0;
};

}  // namespace plumb::exec
