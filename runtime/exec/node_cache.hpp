// The @cache store: results of pure (or explicitly cached volatile) stage and pipeline calls,
// keyed by a stable hash of what was called (stage name and version, or pipeline) and its
// argument values. In memory for the life of the engine, bounded in entries (least recently
// inserted first out).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <plumb/value.hpp>

namespace plumb::exec {

class NodeCache {
 public:
  explicit NodeCache(std::size_t capacity = 100000) : capacity_(capacity) {}
  std::optional<Value> find(std::uint64_t key) const;
  void store(std::uint64_t key, Value value);
  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Value> entries_;
  std::deque<std::uint64_t> order_;
};

}  // namespace plumb::exec
