// Counting the work outside the arena and handing it back (outside_work.hpp).
#include "runtime/exec/outside_work.hpp"

#include "base/invariant/check.hpp"
#include "runtime/exec/task_handoff.hpp"

namespace plumb::exec {

namespace {

// The task that brings work back. It is made on the thread that hands the work back (an I/O
// thread), in memory oneTBB may have recycled from a task another thread destroyed; oneTBB's
// recycling is invisible to TSan, so the task announces its destruction (`ended`, declared
// first, is destroyed last) and come_back() takes that announcement before making the next.
class ComeBackTask {
 public:
  explicit ComeBackTask(std::function<void()> rest) : rest_(std::move(rest)) {}
  void operator()() const {
    handoff_receive();
    rest_();
    handoff_send();
  }

 private:
  struct AnnounceEnd {
    AnnounceEnd() = default;
    AnnounceEnd(AnnounceEnd&&) noexcept = default;
    AnnounceEnd(const AnnounceEnd&) = default;
    ~AnnounceEnd() { handoff_send(); }
  };
  AnnounceEnd ended_;
  std::function<void()> rest_;
};

}  // namespace

void OutsideWork::leave() {
  std::lock_guard lock(wakeup_->mutex);
  ++outside_;
}

void OutsideWork::come_back(std::function<void()> rest) {
  std::shared_ptr<Wakeup> wakeup = wakeup_;
  std::unique_lock lock(wakeup->mutex);
  PLUMB_CHECK(outside_ > 0, "work came back to the arena that never left it");
  if (!run_thread_asleep_) {
    // The run's thread is on the arena (or about to look at what is outside): the task joins
    // the group before the work stops counting as outside, so that thread cannot see an empty
    // group and nothing outside while the rest is on its way.
    lock.unlock();
    handoff_receive();
    tbb::task_handle task = group_.defer(ComeBackTask(std::move(rest)));
    handoff_send();
    arena_.enqueue(std::move(task));
    lock.lock();
    ++queued_;
  } else {
    for_run_thread_.push_back(std::move(rest));
  }
  --outside_;
  lock.unlock();
  wakeup->changed.notify_one();
}

void OutsideWork::run(std::function<void()> start) {
  std::vector<std::function<void()>> work;
  work.push_back(std::move(start));
  run_on_arena(work);
  work.clear();
  std::unique_lock lock(wakeup_->mutex);
  for (;;) {
    run_thread_asleep_ = true;
    wakeup_->changed.wait(
        lock, [this] { return !for_run_thread_.empty() || queued_ > 0 || outside_ == 0; });
    run_thread_asleep_ = false;
    // The group was empty when this thread last left it: nothing outside and nothing come
    // back since means the run is over.
    if (for_run_thread_.empty() && queued_ == 0) return;
    work.swap(for_run_thread_);
    queued_ = 0;
    ++wake_ups_;
    lock.unlock();
    run_on_arena(work);
    work.clear();
    lock.lock();
  }
}

void OutsideWork::run_on_arena(std::vector<std::function<void()>>& work) {
  // Built before handoff_send(): when the arena has no slot for this thread, a worker runs
  // the functor, and its captures must be ordered before that worker reads them.
  auto body = [&] {
    handoff_receive();
    for (std::function<void()>& rest : work)
      rest();
    group_.wait();
    handoff_receive();
    handoff_send();
  };
  handoff_send();
  arena_.execute(body);
  handoff_receive();
}

}  // namespace plumb::exec
