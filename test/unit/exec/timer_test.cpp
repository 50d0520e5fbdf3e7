// The runtime's timer thread: callbacks run at their deadline in deadline order, a cancelled
// callback never runs, and cancelling the entry the thread is sleeping on is safe (under ASan
// this caught the thread reading the erased deadline).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "runtime/exec/timer.hpp"

namespace plumb::exec {
namespace {

using namespace std::chrono_literals;

TEST(Timer, CallsBackInDeadlineOrder) {
  Timer timer;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> done;
  auto now = Timer::Clock::now();
  timer.schedule(now + 30ms, [&] {
    std::lock_guard lock(mutex);
    order.push_back(2);
    done.set_value();
  });
  timer.schedule(now + 10ms, [&] {
    std::lock_guard lock(mutex);
    order.push_back(1);
  });
  ASSERT_EQ(done.get_future().wait_for(10s), std::future_status::ready);
  std::lock_guard lock(mutex);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(Timer, CancellingTheEntryTheThreadSleepsOnIsSafe) {
  // A loaded machine may oversleep the 1 ms and let an entry fire before it is cancelled;
  // cancel() then says so, and exactly those callbacks may have run.
  Timer timer;
  std::atomic<int> calls{0};
  int already_ran = 0;
  auto last_deadline = Timer::Clock::now();
  for (int round = 0; round < 50; ++round) {
    last_deadline = Timer::Clock::now() + 50ms;
    auto id = timer.schedule(last_deadline, [&] { ++calls; });
    std::this_thread::sleep_for(1ms);  // let the thread start waiting on this deadline
    if (!timer.cancel(id)) ++already_ran;
  }
  std::promise<void> done;
  timer.schedule(last_deadline + 20ms, [&] { done.set_value(); });
  ASSERT_EQ(done.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_LT(already_ran, 50);
  EXPECT_EQ(calls.load(), already_ran);
}

TEST(Timer, CancelAfterTheCallbackRanReturnsFalse) {
  Timer timer;
  std::promise<void> ran;
  auto id = timer.schedule(Timer::Clock::now(), [&] { ran.set_value(); });
  ASSERT_EQ(ran.get_future().wait_for(10s), std::future_status::ready);
  EXPECT_FALSE(timer.cancel(id));
}

}  // namespace
}  // namespace plumb::exec
