// A run's node statistics as the store keeps them: the rows of its `run_node_batches` payloads
// (schema.cpp, version 2), read one at a time, and the few best of them by some order (what
// `plumb show` prints of a run that may have millions of nodes, without holding them all).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/store/database.hpp"
#include "runtime/store/recording_state.hpp"

namespace plumb::store {

// One node's statistics in a run: what the recording writes at the run's end and what the
// readers get back, one row of a `run_node_batches` payload.
struct NodeStats {
  std::uint32_t node = 0;
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;
  std::uint64_t retries = 0;
  std::uint64_t cache_hits = 0;
  std::uint64_t items = 0;
  std::int64_t total_ns = 0;
  std::int64_t max_ns = 0;
  // Estimates from the duration histogram; replaced by exact figures from the node's spans
  // when the store recorded them.
  std::int64_t p50_ns = 0;
  std::int64_t p95_ns = 0;
  NodeUsage usage;  // filled in from the node's spans
  std::string error;

  // Failed more often than it was retried.
  bool failed() const { return failures > retries; }
};

// Calls `visit` with every node's statistics in run `run`, in the order written (node order);
// `expect` is told the number of rows of each batch first. Throws DatabaseError.
void read_node_stats(Database& db, std::int64_t run,
                     const std::function<void(std::size_t rows)>& expect,
                     const std::function<void(const NodeStats&)>& visit);

// The first `limit` rows offered, in the order `before` (a strict weak order: true when its
// first argument comes first).
template <typename Before>
class TopRows {
 public:
  TopRows(std::size_t limit, Before before) : limit_(limit), before_(before) {}

  void offer(const NodeStats& row) {
    if (limit_ == 0) return;
    if (heap_.size() < limit_) {
      heap_.push_back(row);
      std::push_heap(heap_.begin(), heap_.end(), before_);
    } else if (before_(row, heap_.front())) {
      // The heap's front is the row that comes last: replace it.
      std::pop_heap(heap_.begin(), heap_.end(), before_);
      heap_.back() = row;
      std::push_heap(heap_.begin(), heap_.end(), before_);
    }
  }
  // The rows kept, first first; the collection is left empty.
  std::vector<NodeStats> take() {
    std::sort_heap(heap_.begin(), heap_.end(), before_);
    return std::move(heap_);
  }

 private:
  std::size_t limit_;
  Before before_;
  std::vector<NodeStats> heap_;
};

}  // namespace plumb::store
