// MetricsRegistry: families keyed by name, series keyed by their sorted label sets.
#include "runtime/telemetry/metrics.hpp"

#include <algorithm>

namespace plumb::telemetry {

const std::vector<double>& MetricsRegistry::default_bounds() {
  static const std::vector<double> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,    0.25,  0.5,    1,     2.5,  5,     10,
                                             30,     60,    120,    300};
  return bounds;
}

void MetricsRegistry::describe(const std::string& name, MetricKind kind, std::string help,
                               std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.kind = kind;
  family.help = std::move(help);
  family.bounds = bounds.empty() && kind == MetricKind::Histogram ? default_bounds() : bounds;
}

void MetricsRegistry::record(MetricKind kind, const std::string& name, double value,
                             const Labels& labels, const std::string& trace_id) {
  Labels key = labels;
  std::sort(key.begin(), key.end());
  std::lock_guard lock(mutex_);
  auto [it, created] = families_.try_emplace(name);
  Family& family = it->second;
  if (created) {
    family.kind = kind;
    if (kind == MetricKind::Histogram) family.bounds = default_bounds();
  }
  auto series = family.series.find(key);
  if (series == family.series.end()) {
    if (family.series.size() >= max_series_) {
      ++dropped_;
      return;
    }
    MetricSeries fresh;
    fresh.labels = labels;
    if (family.kind == MetricKind::Histogram) fresh.buckets.assign(family.bounds.size(), 0);
    series = family.series.emplace(key, std::move(fresh)).first;
  }
  MetricSeries& s = series->second;
  switch (family.kind) {
    case MetricKind::Counter: s.value += value; break;
    case MetricKind::Gauge: s.value = value; break;
    case MetricKind::Histogram:
      for (std::size_t i = 0; i < family.bounds.size(); ++i) {
        if (value <= family.bounds[i]) ++s.buckets[i];
      }
      s.sum += value;
      ++s.count;
      if (!trace_id.empty()) {
        s.exemplar_trace = trace_id;
        s.exemplar_value = value;
      }
      break;
  }
}

std::vector<MetricFamily> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricFamily> out;
  for (const auto& [name, family] : families_) {
    MetricFamily f{name, family.kind, family.help, family.bounds, {}};
    for (const auto& [labels, series] : family.series) f.series.push_back(series);
    out.push_back(std::move(f));
  }
  return out;
}

std::uint64_t MetricsRegistry::dropped_series() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace plumb::telemetry
