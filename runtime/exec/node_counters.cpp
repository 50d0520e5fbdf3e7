// NodeDurations: the first duration as a number, the rest in a bucket array allocated by
// whichever execution needs it first (a compare-and-swap decides; the loser frees its copy).
#include "runtime/exec/node_counters.hpp"

namespace plumb::exec {

namespace {

std::size_t bucket_of(std::int64_t nanos) {
  return telemetry::default_bucket(static_cast<double>(nanos) / 1e9);
}

}  // namespace

NodeDurations::~NodeDurations() {
  delete more_.load(std::memory_order_relaxed);
}

void NodeDurations::record(std::int64_t nanos) {
  std::int64_t unset = -1;
  if (first_.load(std::memory_order_relaxed) < 0 &&
      first_.compare_exchange_strong(unset, nanos < 0 ? 0 : nanos, std::memory_order_relaxed)) {
    return;
  }
  Buckets* buckets = more_.load(std::memory_order_acquire);
  if (!buckets) {
    auto* fresh = new Buckets{};
    if (more_.compare_exchange_strong(buckets, fresh, std::memory_order_acq_rel)) {
      buckets = fresh;
    } else {
      delete fresh;
    }
  }
  (*buckets)[bucket_of(nanos)].fetch_add(1, std::memory_order_relaxed);
}

DurationCounts NodeDurations::counts() const {
  DurationCounts out;
  if (const Buckets* buckets = more_.load(std::memory_order_acquire)) {
    for (std::size_t i = 0; i < out.size(); ++i)
      out[i] = (*buckets)[i].load(std::memory_order_relaxed);
  } else {
    out.fill(0);
  }
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  if (first >= 0) ++out[bucket_of(first)];
  return out;
}

std::optional<std::int64_t> NodeDurations::only() const {
  if (more_.load(std::memory_order_acquire) != nullptr) return std::nullopt;
  const std::int64_t first = first_.load(std::memory_order_relaxed);
  if (first < 0) return std::nullopt;
  return first;
}

}  // namespace plumb::exec
