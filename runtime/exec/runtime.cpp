// Runtime construction: the arena is sized from the requested thread count, and oneTBB's
// worker limit raised when that is more than the cores.
#include "runtime/exec/runtime.hpp"

#include <thread>

#include <oneapi/tbb/info.h>

namespace plumb::exec {

namespace {
int resolve_threads(int requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

// oneTBB starts at most one worker per core (less the caller) and prints a warning of its own
// when an arena asks for more; I/O-bound maps want more, so the limit is raised to `threads`.
std::unique_ptr<tbb::global_control> allow_parallelism(int threads) {
  if (threads <= tbb::info::default_concurrency()) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}
}  // namespace

Runtime::Runtime(RuntimeOptions options)
    : threads_(resolve_threads(options.threads)),
      tracing_off_(std::move(options.tracing_off)),
      parallelism_(allow_parallelism(threads_)),
      max_read_bytes_(options.max_read_bytes),
      arena_(threads_, 1),
      logs_(std::make_shared<telemetry::TextLogSink>()) {
}

Runtime::~Runtime() = default;

std::string Runtime::no_tracing_reason() const {
  if (!tracing_off_.empty()) return tracing_off_;
  if (!telemetry_.has_exporters()) {
    return "no exporter configured: use --trace-out, --otlp-file or --otlp-endpoint";
  }
  return {};
}

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
