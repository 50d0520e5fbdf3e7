// Statistics of one node in one run, updated lock-free by the threads that run it and folded
// into the metrics registry at scrape time and at the end of the run (run_metrics.hpp). They
// are kept to 32 bytes because a run allocates one per node of the program and its end walks
// them all: most nodes run once a run and never fail, so the counters keep the runs, the
// executions begun and the first duration as numbers, and allocate the rest (the bucket array,
// sum and longest of the later durations, failures, retries, cache hits, map items) only when one
// of them is first needed. Error types live in the RunState, under its details lock, since failures
// are rare.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "runtime/telemetry/metrics.hpp"

namespace plumb::exec {

// Durations by bucket of telemetry::kDefaultBounds (+Inf last), not cumulative.
using DurationCounts = std::array<std::uint64_t, telemetry::kDefaultBounds.size() + 1>;

// Adds one. `exclusive` when no other thread updates the counter meanwhile: a plain load and
// store then do, without a locked instruction (readers still see whole values).
inline void count_one(std::atomic<std::uint64_t>& counter, bool exclusive,
                      std::memory_order order = std::memory_order_relaxed) {
  if (exclusive) {
    counter.store(counter.load(std::memory_order_relaxed) + 1, order);
  } else {
    counter.fetch_add(1, order);
  }
}

class NodeCounters {
 public:
  NodeCounters() = default;
  NodeCounters(const NodeCounters&) = delete;
  NodeCounters& operator=(const NodeCounters&) = delete;
  ~NodeCounters();

  std::atomic<std::uint64_t> runs{0};
  std::atomic<std::uint64_t> started{0};  // begun; started - runs are running now

  // `exclusive`: no other thread records into this node meanwhile (see count_one).
  void record_duration(std::int64_t nanos, bool exclusive = false);
  void add_failure() { more().failures.fetch_add(1, std::memory_order_relaxed); }
  void add_retry() { more().retries.fetch_add(1, std::memory_order_relaxed); }
  void add_cached() { more().cached.fetch_add(1, std::memory_order_relaxed); }
  void add_items(std::uint64_t count) { more().items.fetch_add(count, std::memory_order_relaxed); }

  std::uint64_t failures() const { return read(&More::failures); }
  std::uint64_t retries() const { return read(&More::retries); }
  std::uint64_t cached() const { return read(&More::cached); }
  std::uint64_t items() const { return read(&More::items); }
  // Every duration recorded so far, by bucket.
  DurationCounts duration_counts() const;
  // The sum of every duration recorded so far, and the longest.
  std::int64_t total_nanos() const;
  std::int64_t max_nanos() const;
  // The one duration recorded, when exactly one was and nothing else is set but the runs
  // (the common case: a node that ran once and succeeded).
  std::optional<std::int64_t> only_duration() const;

 private:
  struct More {
    std::array<std::atomic<std::uint64_t>, telemetry::kDefaultBounds.size() + 1> buckets{};
    std::atomic<std::int64_t> nanos{0};  // of the durations in `buckets`
    std::atomic<std::int64_t> max{0};    // the longest of them
    std::atomic<std::uint64_t> failures{0};
    std::atomic<std::uint64_t> retries{0};
    std::atomic<std::uint64_t> cached{0};
    std::atomic<std::uint64_t> items{0};  // map items finished
  };
  More& more();
  std::uint64_t read(std::atomic<std::uint64_t> More::*counter) const {
    const More* m = more_.load(std::memory_order_acquire);
    return m ? (m->*counter).load(std::memory_order_relaxed) : 0;
  }

  std::atomic<std::int64_t> first_{-1};  // the first duration recorded; -1 before
  std::atomic<More*> more_{nullptr};
};
static_assert(sizeof(NodeCounters) == 32);

}  // namespace plumb::exec
