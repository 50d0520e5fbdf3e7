// NodeDurations: the first duration kept as a number and the rest in a bucket array that is
// allocated on demand; counts() must see every duration exactly once, also when threads
// record at the same time, total_nanos() their sum, and only() the duration of a node that
// ran once.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "runtime/exec/node_counters.hpp"

namespace plumb::exec {
namespace {

constexpr std::int64_t kMillisecond = 1'000'000;

TEST(NodeDurations, NothingRecordedCountsNothing) {
  NodeDurations durations;
  EXPECT_EQ(durations.counts(), DurationCounts{});
  EXPECT_EQ(durations.total_nanos(), 0);
}

TEST(NodeDurations, FirstAndLaterDurationsLandInTheirBuckets) {
  NodeDurations durations;
  durations.record(kMillisecond / 10);  // 0.1 ms: le=0.0005
  DurationCounts expected{};
  expected[telemetry::default_bucket(0.0001)] = 1;
  EXPECT_EQ(durations.counts(), expected);
  durations.record(kMillisecond / 10);
  durations.record(3 * kMillisecond);        // le=0.005
  durations.record(400'000 * kMillisecond);  // 400 s: +Inf
  expected[telemetry::default_bucket(0.0001)] = 2;
  expected[telemetry::default_bucket(0.003)] = 1;
  expected.back() = 1;
  EXPECT_EQ(durations.counts(), expected);
  EXPECT_EQ(durations.total_nanos(),
            2 * (kMillisecond / 10) + 3 * kMillisecond + 400'000 * kMillisecond);
}

TEST(NodeDurations, OnlyIsTheDurationOfANodeThatRanOnce) {
  NodeDurations durations;
  EXPECT_EQ(durations.only(), std::nullopt);
  durations.record(3 * kMillisecond);
  EXPECT_EQ(durations.only(), 3 * kMillisecond);
  durations.record(kMillisecond);
  EXPECT_EQ(durations.only(), std::nullopt);
}

TEST(NodeDurations, ConcurrentRecordsAreEachCountedOnce) {
  NodeDurations durations;
  constexpr int kThreads = 4;
  constexpr int kEach = 10'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&durations, t] {
      for (int i = 0; i < kEach; ++i)
        durations.record(t % 2 == 0 ? kMillisecond / 10 : 3 * kMillisecond);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  DurationCounts expected{};
  expected[telemetry::default_bucket(0.0001)] = kThreads / 2 * kEach;
  expected[telemetry::default_bucket(0.003)] = kThreads / 2 * kEach;
  EXPECT_EQ(durations.counts(), expected);
  EXPECT_EQ(durations.total_nanos(), kThreads / 2 * kEach * (kMillisecond / 10 + 3 * kMillisecond));
}

}  // namespace
}  // namespace plumb::exec
