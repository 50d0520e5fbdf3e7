// Timer: a sorted multimap of deadlines and one thread sleeping until the earliest.
#include "runtime/exec/timer.hpp"

namespace plumb::exec {

Timer::Timer() : thread_([this] { loop(); }) {
}

Timer::~Timer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::uint64_t Timer::schedule(Clock::time_point when, std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  std::uint64_t id = next_id_++;
  pending_.emplace(when, std::make_pair(id, std::move(callback)));
  changed_.notify_all();
  return id;
}

bool Timer::cancel(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->second.first == id) {
      pending_.erase(it);
      return true;
    }
  }
  changed_.wait(lock, [&] { return running_ != id; });
  return false;
}

bool Timer::fire_now(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->second.first != id) continue;
    auto entry = std::move(it->second);
    pending_.erase(it);
    pending_.emplace(Clock::now(), std::move(entry));
    changed_.notify_all();
    return true;
  }
  return false;
}

void Timer::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto first = pending_.begin();
    // A copy: cancel() may erase this entry while the thread waits.
    Clock::time_point deadline = first->first;
    if (Clock::now() < deadline) {
      changed_.wait_until(lock, deadline);
      continue;
    }
    auto [id, callback] = std::move(first->second);
    pending_.erase(first);
    running_ = id;
    lock.unlock();
    callback();
    lock.lock();
    running_ = 0;
    changed_.notify_all();
  }
}

}  // namespace plumb::exec
