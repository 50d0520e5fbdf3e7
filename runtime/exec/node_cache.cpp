// NodeCache: a mutex-guarded hash map with insertion-order eviction.
#include "runtime/exec/node_cache.hpp"

namespace plumb::exec {

std::optional<Value> NodeCache::find(std::uint64_t key) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void NodeCache::store(std::uint64_t key, Value value) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = entries_.insert_or_assign(key, std::move(value));
  (void)it;
  if (!inserted) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

std::size_t NodeCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace plumb::exec
