// The built-in metrics of a run (docs/telemetry.md): the pipeline's runs, duration and
// active count, and per node its runs, duration histogram, retries, errors by type, map
// items and the workers busy in it, the run's queue depth, plus the LLM tokens and cost. Nodes only
// touch their own atomic NodeCounters; RunMetrics folds what changed since the last fold into the
// registry, both from a registry collector (so a scrape during a long run is current) and at the
// end.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/exec/state.hpp"

namespace plumb::exec {

// The HELP and TYPE of every built-in metric.
void describe_builtin_metrics(telemetry::MetricsRegistry& registry);

class RunMetrics {
 public:
  // Counts the run as active and starts folding at each scrape.
  explicit RunMetrics(RunState& run);
  ~RunMetrics();
  RunMetrics(const RunMetrics&) = delete;
  RunMetrics& operator=(const RunMetrics&) = delete;

  // The last fold, the run's count (by status: ok, error or cancelled) and duration; the run
  // is no longer active.
  void finish(std::string_view status, double seconds);

 private:
  struct Folded {
    std::uint64_t runs = 0;
    std::uint64_t ok = 0;
    std::uint64_t failures = 0;
    std::uint64_t retries = 0;
    std::uint64_t items = 0;
    std::int64_t nanos = 0;
    DurationCounts buckets{};
  };
  static const Folded kUnfolded;  // the baseline of a node never folded
  void fold(telemetry::MetricsRegistry& registry);
  // `node` (the plan of node `id`) is read only for the labels of a series not resolved yet;
  // `cache` holds its series.
  void fold_node(telemetry::MetricsRegistry::Update& update, std::uint32_t id, const NodePlan& node,
                 NodeSeries& cache);
  void fold_usage(telemetry::MetricsRegistry& registry);

  RunState& run_;
  std::mutex mutex_;            // one fold at a time
  std::vector<Folded> folded_;  // by node id; allocated by the first fold before the last
  std::map<std::uint32_t, std::map<std::string, std::uint64_t>> errors_folded_;  // by node id
  std::map<std::string, ModelUsage> usage_;
  std::map<std::string, double> busy_;  // per pipeline: workers busy at the last fold
  double queued_ = 0;                   // the run's queue depth at the last fold
  std::uint64_t collector_ = 0;
  bool finished_ = false;
};

}  // namespace plumb::exec
