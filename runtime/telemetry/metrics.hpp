// The metrics of an engine: counters, gauges and histograms with labels, recorded by the
// runtime (built-in metrics, described with their help text) and by `metrics.*` stages (user
// metrics, whose first use defines them), and read by exporters (Prometheus text, pushes) as a
// snapshot. Histograms have the default buckets in seconds unless their definition gives
// others. A cardinality guard caps the label sets per metric and counts what it drops. Collectors
// (callbacks) bring values kept elsewhere up to date right before a snapshot is taken: the
// runtime folds its lock-free per-node counters in this way at scrape time.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <plumb/stage.hpp>

namespace plumb::telemetry {

// Upper bounds (seconds) of the default histogram buckets, without +Inf.
inline constexpr std::array<double, 18> kDefaultBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                          5,      10,    30,     60,    120,  300};

// The bucket of `seconds` among kDefaultBounds (kDefaultBounds.size() for +Inf).
std::size_t default_bucket(double seconds);

struct MetricSeries {
  Labels labels;
  double value = 0;  // counter or gauge
  // Histograms: observations per upper bound. The registry keeps each bucket's own count (a
  // merge adds to one place per bucket); snapshot() and collect() return them cumulative.
  std::vector<std::uint64_t> buckets;
  double sum = 0;
  std::uint64_t count = 0;
  std::string exemplar_trace;  // the trace of the last observation (histograms)
  double exemplar_value = 0;
};

struct MetricFamily {
  std::string name;
  MetricKind kind = MetricKind::Counter;
  std::string help;
  std::vector<double> bounds;  // histogram upper bounds, ascending, without +Inf
  std::vector<MetricSeries> series;
};

class MetricsRegistry {
 public:
  explicit MetricsRegistry(std::size_t max_series_per_metric = 10000)
      : max_series_(max_series_per_metric) {}

  // Counter: adds `value`; gauge: sets it; histogram: observes it.
  void record(MetricKind kind, const std::string& name, double value, const Labels& labels,
              const std::string& trace_id = {});
  // Counter or gauge: sets the value (counters kept elsewhere, mirrored here).
  void set(MetricKind kind, const std::string& name, double value, const Labels& labels);
  // Counter or gauge: adds `delta` (a gauge may go down).
  void add(MetricKind kind, const std::string& name, double delta, const Labels& labels);
  // Histogram with the default bounds: adds `counts` (one per bucket of kDefaultBounds plus
  // +Inf, not cumulative), `sum` and their total count.
  void merge_histogram(const std::string& name, const Labels& labels,
                       std::span<const std::uint64_t> counts, double sum,
                       const std::string& exemplar_trace = {}, double exemplar_value = 0);
  // A built-in metric: user metrics cannot write to it.
  void describe(const std::string& name, MetricKind kind, std::string help,
                std::vector<double> bounds = {});
  // A user metric. Its first use creates the family with its kind, help and bounds (the
  // default bounds when none are given); a later use fails when it names a described metric,
  // another kind, other bounds or another help text (leaving help or bounds out is fine).
  // Returns an empty string, or why the metric was not recorded. A series the cardinality
  // guard refuses is counted as dropped, as for record().
  std::string record_user(const MetricRecord& metric, std::string_view trace_id = {});
  std::vector<MetricFamily> snapshot() const;
  // Runs the collectors, then takes a snapshot.
  std::vector<MetricFamily> collect();
  std::uint64_t dropped_series() const;
  void set_max_series(std::size_t max_series_per_metric);

  // Collectors run at every collect() until removed; removing waits for a running collect.
  std::uint64_t add_collector(std::function<void(MetricsRegistry&)> collector);
  void remove_collector(std::uint64_t id);

  static const std::vector<double>& default_bounds();

  // Updates under the registry's lock, for callers that update the same series often: they
  // resolve each series once (the pointer stays valid for the registry's life) and then add
  // to it without building and looking up its labels again. A null series is one the
  // cardinality guard refused; updating it counts as a dropped sample.
  class Update {
   public:
    explicit Update(MetricsRegistry& registry) : registry_(registry), lock_(registry.mutex_) {}
    MetricSeries* resolve(MetricKind kind, const std::string& name, const Labels& labels) {
      return registry_.series(kind, name, labels);
    }
    void add(MetricSeries* series, double delta);
    void merge_histogram(MetricSeries* series, std::span<const std::uint64_t> counts, double sum,
                         const std::string& exemplar_trace, double exemplar_value);
    // merge_histogram of a single observation of `seconds`.
    void observe(MetricSeries* series, double seconds, const std::string& exemplar_trace);

   private:
    MetricsRegistry& registry_;
    std::lock_guard<std::mutex> lock_;
  };

 private:
  struct LabelsHash {
    std::size_t operator()(const Labels& labels) const;
  };
  struct Family {
    MetricKind kind;
    bool described = false;  // by describe(): a built-in metric
    std::string help;
    std::vector<double> bounds;
    // By sorted label set; hashed, since the runtime resolves a series per node of a program
    // the first time it runs. snapshot() sorts them.
    std::unordered_map<Labels, MetricSeries, LabelsHash> series;
  };
  // The series for `labels`, created when the guard allows; null when refused (the caller
  // counts the dropped sample).
  MetricSeries* series(MetricKind kind, const std::string& name, const Labels& labels);
  // Adds `value` to a counter, sets or adds to a gauge, observes it in a histogram.
  void apply(const Family& family, MetricSeries& s, double value, bool add,
             std::string_view trace_id);

  std::size_t max_series_;
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::uint64_t dropped_ = 0;
  std::mutex collectors_mutex_;
  std::map<std::uint64_t, std::function<void(MetricsRegistry&)>> collectors_;
  std::uint64_t next_collector_ = 1;
};

}  // namespace plumb::telemetry
