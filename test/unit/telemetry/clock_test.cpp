// TickClock: it agrees with steady_clock (within a tolerance far below a node's duration
// histogram's first bucket) across its first recalibrations, and the readings of each thread
// never decrease while several threads read and recalibrate it at once.
#include "runtime/telemetry/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace plumb::telemetry {
namespace {

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

TEST(TickClock, FollowsSteadyClockAcrossRecalibrations) {
  constexpr std::int64_t kTolerance = 50'000;
  RecordProperty("uses_ticks", TickClock::uses_ticks() ? "yes" : "no");
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(700);
  int checks = 0;
  while (std::chrono::steady_clock::now() < until) {
    const std::int64_t before = steady_ns();
    const std::int64_t reading = TickClock::now_ns();
    const std::int64_t after = steady_ns();
    ASSERT_GE(reading, before - kTolerance) << "check " << checks;
    ASSERT_LE(reading, after + kTolerance) << "check " << checks;
    ++checks;
    std::this_thread::sleep_for(std::chrono::microseconds(checks % 7 == 0 ? 5000 : 50));
  }
  EXPECT_GT(checks, 100);
}

TEST(TickClock, EachThreadsReadingsNeverDecrease) {
  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  std::vector<std::int64_t> decreases(kThreads, 0);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::int64_t last = TickClock::now_ns();
      while (std::chrono::steady_clock::now() < until) {
        for (int i = 0; i < 1000; ++i) {
          const std::int64_t reading = TickClock::now_ns();
          if (reading < last) ++decreases[t];
          last = reading;
        }
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(decreases[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace plumb::telemetry
