// A timer thread for the runtime: it calls a callback at a deadline (to cancel a node whose
// @timeout expired, or to re-enqueue a retry after its backoff) so that no worker thread sits
// waiting. Callbacks must be quick. cancel() returns only once the callback can no longer
// run, so the state it refers to may be freed right after.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace plumb::exec {

class Timer {
 public:
  using Clock = std::chrono::steady_clock;
  Timer();
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  std::uint64_t schedule(Clock::time_point when, std::function<void()> callback);
  // True when the callback was removed before it ran.
  bool cancel(std::uint64_t id);
  // Moves a pending callback's deadline to now; false when it is no longer pending.
  bool fire_now(std::uint64_t id);

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<Clock::time_point, std::pair<std::uint64_t, std::function<void()>>> pending_;
  std::uint64_t next_id_ = 1;
  std::uint64_t running_ = 0;  // id of the callback being called, 0 when none
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumb::exec
