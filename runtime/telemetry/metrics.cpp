// MetricsRegistry: families keyed by name, series keyed by their sorted label sets.
#include "runtime/telemetry/metrics.hpp"

#include <algorithm>
#include <functional>

#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {

namespace {

const char* kind_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::Counter:
      return "a counter";
    case MetricKind::Gauge:
      return "a gauge";
    case MetricKind::Histogram:
      return "a histogram";
  }
  return "a metric";
}

std::string bounds_text(const std::vector<double>& bounds) {
  std::string out = "[";
  for (std::size_t i = 0; i < bounds.size(); ++i)
    out += (i ? ", " : "") + format_sample_value(bounds[i]);
  return out + "]";
}

}  // namespace

std::size_t default_bucket(double seconds) {
  return static_cast<std::size_t>(
      std::lower_bound(kDefaultBounds.begin(), kDefaultBounds.end(), seconds) -
      kDefaultBounds.begin());
}

const std::vector<double>& MetricsRegistry::default_bounds() {
  static const std::vector<double> bounds(kDefaultBounds.begin(), kDefaultBounds.end());
  return bounds;
}

void MetricsRegistry::describe(const std::string& name, MetricKind kind, std::string help,
                               std::vector<double> bounds) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.kind = kind;
  family.described = true;
  family.help = std::move(help);
  family.bounds = bounds.empty() && kind == MetricKind::Histogram ? default_bounds() : bounds;
}

std::size_t MetricsRegistry::LabelsHash::operator()(const Labels& labels) const {
  std::size_t hash = labels.size();
  auto mix = [&hash](const std::string& text) {
    hash ^= std::hash<std::string>{}(text) + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  };
  for (const auto& [key, value] : labels) {
    mix(key);
    mix(value);
  }
  return hash;
}

MetricSeries* MetricsRegistry::series(MetricKind kind, const std::string& name,
                                      const Labels& labels) {
  Labels sorted;
  const bool in_order = std::is_sorted(labels.begin(), labels.end());
  if (!in_order) {
    sorted = labels;
    std::sort(sorted.begin(), sorted.end());
  }
  const Labels& key = in_order ? labels : sorted;
  auto [it, created] = families_.try_emplace(name);
  Family& family = it->second;
  if (created) {
    family.kind = kind;
    if (kind == MetricKind::Histogram) family.bounds = default_bounds();
  }
  auto found = family.series.find(key);
  if (found != family.series.end()) return &found->second;
  if (family.series.size() >= max_series_) return nullptr;
  MetricSeries fresh;
  fresh.labels = labels;
  if (family.kind == MetricKind::Histogram) fresh.buckets.assign(family.bounds.size(), 0);
  return &family.series.emplace(key, std::move(fresh)).first->second;
}

void MetricsRegistry::apply(const Family& family, MetricSeries& s, double value, bool add,
                            std::string_view trace_id) {
  switch (family.kind) {
    case MetricKind::Counter:
      s.value += value;
      break;
    case MetricKind::Gauge:
      s.value = add ? s.value + value : value;
      break;
    case MetricKind::Histogram:
      for (std::size_t i = 0; i < family.bounds.size(); ++i) {
        if (value <= family.bounds[i]) {
          ++s.buckets[i];
          break;
        }
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

void MetricsRegistry::record(MetricKind kind, const std::string& name, double value,
                             const Labels& labels, const std::string& trace_id) {
  std::lock_guard lock(mutex_);
  MetricSeries* s = series(kind, name, labels);
  if (!s) {
    ++dropped_;
    return;
  }
  apply(families_.find(name)->second, *s, value, false, trace_id);
}

std::string MetricsRegistry::record_user(const MetricRecord& m, std::string_view trace_id) {
  std::lock_guard lock(mutex_);
  auto [it, created] = families_.try_emplace(m.name);
  Family& family = it->second;
  const std::string name = "`" + m.name + "`";
  if (created) {
    family.kind = m.kind;
    family.help = m.help;
    if (m.kind == MetricKind::Histogram)
      family.bounds = m.bounds.empty() ? default_bounds() : m.bounds;
  } else if (family.described) {
    return name + " is one of plumb's own metrics";
  } else if (family.kind != m.kind) {
    return name + " is " + kind_name(family.kind) + ", not " + kind_name(m.kind) +
           ": a metric keeps the kind of its first use";
  } else if (!m.bounds.empty() && m.bounds != family.bounds) {
    return name + " has the buckets " + bounds_text(family.bounds) + " of its first use, not " +
           bounds_text(m.bounds);
  } else if (!m.help.empty() && !family.help.empty() && m.help != family.help) {
    return name + " has the help text \"" + family.help + "\" of its first use";
  } else if (family.help.empty()) {
    family.help = m.help;
  }
  MetricSeries* s = series(m.kind, m.name, m.labels);
  if (!s) {
    ++dropped_;
    return {};
  }
  apply(family, *s, m.value, m.add, trace_id);
  return {};
}

void MetricsRegistry::set(MetricKind kind, const std::string& name, double value,
                          const Labels& labels) {
  std::lock_guard lock(mutex_);
  if (MetricSeries* s = series(kind, name, labels)) {
    s->value = value;
  } else {
    ++dropped_;
  }
}

void MetricsRegistry::add(MetricKind kind, const std::string& name, double delta,
                          const Labels& labels) {
  Update update(*this);
  update.add(update.resolve(kind, name, labels), delta);
}

void MetricsRegistry::merge_histogram(const std::string& name, const Labels& labels,
                                      std::span<const std::uint64_t> counts, double sum,
                                      const std::string& exemplar_trace, double exemplar_value) {
  Update update(*this);
  update.merge_histogram(update.resolve(MetricKind::Histogram, name, labels), counts, sum,
                         exemplar_trace, exemplar_value);
}

void MetricsRegistry::Update::add(MetricSeries* s, double delta) {
  if (s) {
    s->value += delta;
  } else {
    ++registry_.dropped_;
  }
}

void MetricsRegistry::Update::merge_histogram(MetricSeries* s,
                                              std::span<const std::uint64_t> counts, double sum,
                                              const std::string& exemplar_trace,
                                              double exemplar_value) {
  if (!s) {
    ++registry_.dropped_;
    return;
  }
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    total += counts[i];
    if (i < s->buckets.size()) s->buckets[i] += counts[i];
  }
  s->count += total;
  s->sum += sum;
  if (!exemplar_trace.empty()) {
    s->exemplar_trace = exemplar_trace;
    s->exemplar_value = exemplar_value;
  }
}

void MetricsRegistry::Update::observe(MetricSeries* s, double seconds,
                                      const std::string& exemplar_trace) {
  if (!s) {
    ++registry_.dropped_;
    return;
  }
  const std::size_t bucket = default_bucket(seconds);
  if (bucket < s->buckets.size()) ++s->buckets[bucket];
  ++s->count;
  s->sum += seconds;
  if (!exemplar_trace.empty()) {
    s->exemplar_trace = exemplar_trace;
    s->exemplar_value = seconds;
  }
}

std::vector<MetricFamily> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricFamily> out;
  for (const auto& [name, family] : families_) {
    MetricFamily f{name, family.kind, family.help, family.bounds, {}};
    std::vector<const std::pair<const Labels, MetricSeries>*> by_labels;
    by_labels.reserve(family.series.size());
    for (const auto& entry : family.series)
      by_labels.push_back(&entry);
    std::sort(by_labels.begin(), by_labels.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    f.series.reserve(by_labels.size());
    for (const auto* entry : by_labels) {
      MetricSeries& copy = f.series.emplace_back(entry->second);
      for (std::size_t i = 1; i < copy.buckets.size(); ++i)
        copy.buckets[i] += copy.buckets[i - 1];
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<MetricFamily> MetricsRegistry::collect() {
  {
    std::lock_guard lock(collectors_mutex_);
    for (auto& [id, collector] : collectors_)
      collector(*this);
  }
  return snapshot();
}

std::uint64_t MetricsRegistry::dropped_series() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void MetricsRegistry::set_max_series(std::size_t max_series_per_metric) {
  std::lock_guard lock(mutex_);
  max_series_ = max_series_per_metric;
}

std::uint64_t MetricsRegistry::add_collector(std::function<void(MetricsRegistry&)> collector) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.emplace(next_collector_, std::move(collector));
  return next_collector_++;
}

void MetricsRegistry::remove_collector(std::uint64_t id) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.erase(id);
}

}  // namespace plumb::telemetry
