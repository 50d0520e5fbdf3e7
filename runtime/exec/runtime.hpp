// The services an engine shares between its runs: the worker pool (a oneTBB task arena with
// `threads` workers, the calling thread included; more than the cores when asked for), the span
// pipeline, metrics, logs, the timer thread, the I/O threads for blocking stage calls, the @cache
// store and the registered observers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <oneapi/tbb/global_control.h>
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
  int threads = 0;  // 0: one per core
  // Why there are no spans at all (`OTEL_SDK_DISABLED=true`); empty: spans are recorded
  // when an exporter takes them.
  std::string tracing_off;
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
  bool tracing() const { return tracing_off_.empty() && telemetry_.has_exporters(); }
  // Why a run records no spans before its sampling decision (the summary says it), empty
  // when tracing() is true.
  std::string no_tracing_reason() const;

  // OTEL_* variables for child processes: the settings the engine got in code or on the
  // command line rather than from the environment (StageContext::child_environment()).
  using Environment = std::vector<std::pair<std::string, std::string>>;
  const Environment& child_environment() const { return child_environment_; }
  void set_child_environment(Environment env) { child_environment_ = std::move(env); }

  void add_observer(std::shared_ptr<Observer> observer);
  // False when it was not registered.
  bool remove_observer(const std::shared_ptr<Observer>& observer);
  std::vector<std::shared_ptr<Observer>> observers() const;

 private:
  int threads_;
  std::string tracing_off_;
  // Lets oneTBB start more workers than cores when more threads were asked for (null when not).
  std::unique_ptr<tbb::global_control> parallelism_;
  std::uint64_t max_read_bytes_;
  tbb::task_arena arena_;
  telemetry::Telemetry telemetry_;
  Timer timer_;
  IoPool io_pool_;
  NodeCache cache_;
  telemetry::MetricsRegistry metrics_;
  std::shared_ptr<telemetry::LogSink> logs_;
  Environment child_environment_;
  mutable std::mutex observers_mutex_;
  std::vector<std::shared_ptr<Observer>> observers_;
};

}  // namespace plumb::exec
