// Runtime construction: the arena is sized from the requested thread count.
#include "runtime/exec/runtime.hpp"

#include <thread>

namespace plumb::exec {

namespace {
int resolve_threads(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}
}  // namespace

Runtime::Runtime(RuntimeOptions options)
    : threads_(resolve_threads(options.threads)),
      tracing_(options.tracing),
      max_read_bytes_(options.max_read_bytes),
      arena_(threads_, 1),
      logs_(std::make_shared<telemetry::TextLogSink>()) {
}

Runtime::~Runtime() = default;

void Runtime::add_observer(std::shared_ptr<Observer> observer) {
  std::lock_guard lock(observers_mutex_);
  observers_.push_back(std::move(observer));
}

bool Runtime::remove_observer(const std::shared_ptr<Observer>& observer) {
  std::lock_guard lock(observers_mutex_);
  return std::erase(observers_, observer) > 0;
}

std::vector<std::shared_ptr<Observer>> Runtime::observers() const {
  std::lock_guard lock(observers_mutex_);
  return observers_;
}

}  // namespace plumb::exec
