// The services an engine shares between its runs: the worker pool (a oneTBB task arena with
// `threads` workers, the calling thread included), the span pipeline, metrics, logs, the
// timer thread, the I/O threads for blocking stage calls, the @cache store and the registered
// observers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <oneapi/tbb/task_arena.h>
#include <plumb/observer.hpp>

#include "runtime/exec/io_pool.hpp"
#include "runtime/exec/node_cache.hpp"
#include "runtime/exec/timer.hpp"
#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/metrics.hpp"
#include "runtime/telemetry/telemetry.hpp"

namespace plumb::exec {

struct RuntimeOptions {
  int threads = 0;                   // 0: one per core
  bool tracing = true;               // false: no spans at all (OTEL_SDK_DISABLED=true)
  std::uint64_t max_read_bytes = 0;  // for stages; 0: StageContext's default
};

class Runtime {
 public:
  explicit Runtime(RuntimeOptions options = {});
  ~Runtime();

  int threads() const { return threads_; }
  std::uint64_t max_read_bytes() const { return max_read_bytes_; }
  tbb::task_arena& arena() { return arena_; }
  telemetry::Telemetry& telemetry() { return telemetry_; }
  Timer& timer() { return timer_; }
  IoPool& io_pool() { return io_pool_; }
  NodeCache& cache() { return cache_; }
  telemetry::MetricsRegistry& metrics() { return metrics_; }
  telemetry::LogSink& logs() { return *logs_; }
  void set_log_sink(std::shared_ptr<telemetry::LogSink> sink) { logs_ = std::move(sink); }
  // Spans are recorded when tracing is on and something exports them.
  bool tracing() const { return tracing_ && telemetry_.has_exporters(); }
  void set_tracing(bool on) { tracing_ = on; }

  void add_observer(std::shared_ptr<Observer> observer);
  // False when it was not registered.
  bool remove_observer(const std::shared_ptr<Observer>& observer);
  std::vector<std::shared_ptr<Observer>> observers() const;

 private:
  int threads_;
  bool tracing_;
  std::uint64_t max_read_bytes_;
  tbb::task_arena arena_;
  telemetry::Telemetry telemetry_;
  Timer timer_;
  IoPool io_pool_;
  NodeCache cache_;
  telemetry::MetricsRegistry metrics_;
  std::shared_ptr<telemetry::LogSink> logs_;
  mutable std::mutex observers_mutex_;
  std::vector<std::shared_ptr<Observer>> observers_;
};

}  // namespace plumb::exec
