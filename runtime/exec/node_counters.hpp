// Statistics of one node in one run, updated lock-free by the threads that run it and folded
// into the metrics registry at scrape time and at the end of the run (run_metrics.hpp). They
// are kept small because a run allocates one per node of the program: most nodes run once a
// run, so the duration histogram keeps its first duration as a number and allocates its
// bucket array (and the sum of the later durations) only when a second execution ends.
// Error types live in the RunState, under its details lock, since failures are rare.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>

#include "runtime/telemetry/metrics.hpp"

namespace plumb::exec {

// Durations by bucket of telemetry::kDefaultBounds (+Inf last), not cumulative.
using DurationCounts = std::array<std::uint64_t, telemetry::kDefaultBounds.size() + 1>;

class NodeDurations {
 public:
  NodeDurations() = default;
  NodeDurations(const NodeDurations&) = delete;
  NodeDurations& operator=(const NodeDurations&) = delete;
  ~NodeDurations();

  // `exclusive`: no other thread records into this node meanwhile (see NodeCounters).
  void record(std::int64_t nanos, bool exclusive = false);
  // Every duration recorded so far, by bucket.
  DurationCounts counts() const;
  // The sum of every duration recorded so far.
  std::int64_t total_nanos() const;
  // The one duration recorded, when exactly one was (the common case: a node that ran once).
  std::optional<std::int64_t> only() const;

 private:
  struct More {
    std::array<std::atomic<std::uint64_t>, telemetry::kDefaultBounds.size() + 1> buckets{};
    std::atomic<std::int64_t> nanos{0};
  };
  std::atomic<std::int64_t> first_{-1};  // the first duration recorded; -1 before
  std::atomic<More*> more_{nullptr};     // the others, by bucket, and their sum
};

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

struct NodeCounters {
  std::atomic<std::uint64_t> runs{0};
  std::atomic<std::uint64_t> failures{0};
  std::atomic<std::uint64_t> retries{0};
  std::atomic<std::uint64_t> cached{0};
  std::atomic<std::uint64_t> started{0};  // begun; started - runs are running now
  std::atomic<std::uint64_t> items{0};    // map items finished
  NodeDurations durations;
};

}  // namespace plumb::exec
