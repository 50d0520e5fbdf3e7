// NodeCounters: the first duration kept as a number and the rest, with the rare counters, in
// a block allocated on demand; duration_counts() must see every duration exactly once, also
// when threads record at the same time, total_nanos() their sum, max_nanos() the longest,
// only_duration() the duration of a node that ran once, and the rare counters every addition,
// whichever allocates the block.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "runtime/exec/node_counters.hpp"

namespace plumb::exec {
namespace {

constexpr std::int64_t kMillisecond = 1'000'000;
constexpr int kThreads = 4;
constexpr int kEach = 10'000;

// Runs `body(t)` on kThreads threads at once, t = 0 .. kThreads - 1.
template <typename Body>
void on_threads(Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(body, t);
  for (std::thread& thread : threads)
    thread.join();
}

TEST(NodeCounters, NothingRecordedCountsNothing) {
  NodeCounters durations;
  EXPECT_EQ(durations.duration_counts(), DurationCounts{});
  EXPECT_EQ(durations.total_nanos(), 0);
}

TEST(NodeCounters, FirstAndLaterDurationsLandInTheirBuckets) {
  NodeCounters durations;
  durations.record_duration(kMillisecond / 10);  // 0.1 ms: le=0.0005
  DurationCounts expected{};
  expected[telemetry::default_bucket(0.0001)] = 1;
  EXPECT_EQ(durations.duration_counts(), expected);
  durations.record_duration(kMillisecond / 10);
  durations.record_duration(3 * kMillisecond);        // le=0.005
  durations.record_duration(400'000 * kMillisecond);  // 400 s: +Inf
  expected[telemetry::default_bucket(0.0001)] = 2;
  expected[telemetry::default_bucket(0.003)] = 1;
  expected.back() = 1;
  EXPECT_EQ(durations.duration_counts(), expected);
  EXPECT_EQ(durations.total_nanos(),
            2 * (kMillisecond / 10) + 3 * kMillisecond + 400'000 * kMillisecond);
}

TEST(NodeCounters, OnlyIsTheDurationOfANodeThatRanOnce) {
  NodeCounters durations;
  EXPECT_EQ(durations.only_duration(), std::nullopt);
  durations.record_duration(3 * kMillisecond);
  EXPECT_EQ(durations.only_duration(), 3 * kMillisecond);
  durations.record_duration(kMillisecond);
  EXPECT_EQ(durations.only_duration(), std::nullopt);
}

TEST(NodeCounters, ConcurrentRecordsAreEachCountedOnce) {
  NodeCounters durations;
  on_threads([&durations](int t) {
    for (int i = 0; i < kEach; ++i)
      durations.record_duration(t % 2 == 0 ? kMillisecond / 10 : 3 * kMillisecond);
  });
  DurationCounts expected{};
  expected[telemetry::default_bucket(0.0001)] = kThreads / 2 * kEach;
  expected[telemetry::default_bucket(0.003)] = kThreads / 2 * kEach;
  EXPECT_EQ(durations.duration_counts(), expected);
  EXPECT_EQ(durations.total_nanos(), kThreads / 2 * kEach * (kMillisecond / 10 + 3 * kMillisecond));
}

TEST(NodeCounters, TheLongestDurationWhicheverRecordsIt) {
  NodeCounters once;
  once.record_duration(7 * kMillisecond);
  EXPECT_EQ(once.max_nanos(), 7 * kMillisecond);
  NodeCounters many;
  on_threads([&](int t) {
    for (int i = 0; i < kEach; ++i)
      many.record_duration((t * kEach + i) % 977);
  });
  EXPECT_EQ(many.max_nanos(), 976);
  EXPECT_EQ(NodeCounters().max_nanos(), 0);
}

TEST(NodeCounters, RareCountersStartAtZeroAndKeepTheFirstDuration) {
  NodeCounters counters;
  EXPECT_EQ(counters.failures(), 0u);
  EXPECT_EQ(counters.items(), 0u);
  counters.record_duration(3 * kMillisecond);
  counters.add_failure();
  counters.add_retry();
  counters.add_retry();
  counters.add_cached();
  counters.add_items(7);
  EXPECT_EQ(counters.failures(), 1u);
  EXPECT_EQ(counters.retries(), 2u);
  EXPECT_EQ(counters.cached(), 1u);
  EXPECT_EQ(counters.items(), 7u);
  // The block exists now, so the single duration is read through the buckets.
  EXPECT_EQ(counters.only_duration(), std::nullopt);
  DurationCounts expected{};
  expected[telemetry::default_bucket(0.003)] = 1;
  EXPECT_EQ(counters.duration_counts(), expected);
  EXPECT_EQ(counters.total_nanos(), 3 * kMillisecond);
}

TEST(NodeCounters, ConcurrentRareAdditionsAreEachCountedOnce) {
  NodeCounters counters;
  on_threads([&counters](int) {
    for (int i = 0; i < kEach; ++i) {
      counters.add_items(2);
      counters.add_failure();
    }
  });
  EXPECT_EQ(counters.items(), 2u * kThreads * kEach);
  EXPECT_EQ(counters.failures(), std::uint64_t{kThreads} * kEach);
}

}  // namespace
}  // namespace plumb::exec
