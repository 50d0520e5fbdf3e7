// The key-value store observers share within a run: a map behind a mutex, since observers are
// called from every worker thread.
#include <plumb/observer.hpp>

namespace plumb {

void KeyValueStore::set(const std::string& key, Value value) {
  std::lock_guard lock(mutex_);
  values_.insert_or_assign(key, std::move(value));
}

std::optional<Value> KeyValueStore::get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

}  // namespace plumb
