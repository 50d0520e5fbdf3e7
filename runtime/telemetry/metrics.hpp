// The metrics of an engine: counters, gauges and histograms with labels, recorded by the
// runtime (built-in metrics) and by `metrics.*` stages (user metrics), and read by exporters
// (Prometheus text, pushes) as a snapshot. Histograms use fixed buckets in seconds. A
// cardinality guard caps the label sets per metric and counts what it drops.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <plumb/stage.hpp>

namespace plumb::telemetry {

struct MetricSeries {
  Labels labels;
  double value = 0;                      // counter or gauge
  std::vector<std::uint64_t> buckets;    // histogram: cumulative counts per upper bound
  double sum = 0;
  std::uint64_t count = 0;
  std::string exemplar_trace;            // the trace of the last observation (histograms)
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
  void describe(const std::string& name, MetricKind kind, std::string help,
                std::vector<double> bounds = {});
  std::vector<MetricFamily> snapshot() const;
  std::uint64_t dropped_series() const;

  static const std::vector<double>& default_bounds();

 private:
  struct Family {
    MetricKind kind;
    std::string help;
    std::vector<double> bounds;
    std::map<Labels, MetricSeries> series;
  };
  std::size_t max_series_;
  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::uint64_t dropped_ = 0;
};

}  // namespace plumb::telemetry
