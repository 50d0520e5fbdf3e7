// NodeCounters: the first duration as a number, the rest (later durations by bucket with their
// sum, and the rare counters) in a block allocated by whichever thread needs it first (a
// compare-and-swap decides; the loser frees its copy).
#include "runtime/exec/node_counters.hpp"

#include <algorithm>

namespace plumb::exec {

namespace {

std::size_t bucket_of(std::int64_t nanos) {
  return telemetry::default_bucket(static_cast<double>(nanos) / 1e9);
}

}  // namespace

NodeCounters::~NodeCounters() {
  delete more_.load(std::memory_order_relaxed);
}

NodeCounters::More& NodeCounters::more() {
  More* more = more_.load(std::memory_order_acquire);
  if (more) return *more;
  auto* fresh = new More{};
  if (more_.compare_exchange_strong(more, fresh, std::memory_order_acq_rel)) return *fresh;
  delete fresh;
  return *more;
}

void NodeCounters::record_duration(std::int64_t nanos, bool exclusive) {
  nanos = std::max<std::int64_t>(nanos, 0);
  if (first_.load(std::memory_order_relaxed) < 0) {
    if (exclusive) {
      first_.store(nanos, std::memory_order_relaxed);
      return;
    }
    std::int64_t unset = -1;
    if (first_.compare_exchange_strong(unset, nanos, std::memory_order_relaxed)) return;
  }
  More& later = more();
  later.buckets[bucket_of(nanos)].fetch_add(1, std::memory_order_relaxed);
  later.nanos.fetch_add(nanos, std::memory_order_relaxed);
  std::int64_t longest = later.max.load(std::memory_order_relaxed);
  while (nanos > longest &&
         !later.max.compare_exchange_weak(longest, nanos, std::memory_order_relaxed)) {
  }
}

DurationCounts NodeCounters::duration_counts() const {
  DurationCounts out;
  if (const More* more = more_.load(std::memory_order_acquire)) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = more->buckets[i].load(std::memory_order_relaxed);
  } else {
    out.fill(0);
  }
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  if (first >= 0) ++out[bucket_of(first)];
  return out;
}

std::int64_t NodeCounters::total_nanos() const {
  const More* more = more_.load(std::memory_order_acquire);
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  return (first < 0 ? 0 : first) + (more ? more->nanos.load(std::memory_order_relaxed) : 0);
}

std::int64_t NodeCounters::max_nanos() const {
  const More* more = more_.load(std::memory_order_acquire);
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  return std::max<std::int64_t>(first < 0 ? 0 : first,
                                more ? more->max.load(std::memory_order_relaxed) : 0);
}

std::optional<std::int64_t> NodeCounters::only_duration() const {
  if (more_.load(std::memory_order_acquire) != nullptr) return std::nullopt;
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  if (first < 0) return std::nullopt;
  return first;
}

}  // namespace plumb::exec
