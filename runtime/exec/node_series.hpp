// The built-in metric series of every traced node of a program (runs by status, retries, map
// items, duration), resolved in the engine's metrics registry the first time a run folds them and
// kept for the program's life: folding a later run costs a few additions per node instead of
// building and looking up label sets. Shared by the plan's copies (the JIT's plan has the
// same nodes) and touched only under the registry's lock (MetricsRegistry::Update). One word
// per series, since the end of every run walks them all.
#pragma once

#include "runtime/telemetry/metrics.hpp"

namespace plumb::exec {

// A series resolved once: unresolved, resolved, or refused by the registry's cardinality guard.
class CachedSeries {
 public:
  bool resolved() const { return series_ != nullptr; }
  // The series; null when refused.
  telemetry::MetricSeries* get() const { return series_ == &refused_ ? nullptr : series_; }
  void set(telemetry::MetricSeries* series) { series_ = series ? series : &refused_; }

 private:
  static inline telemetry::MetricSeries refused_;  // marks a refused series; never written
  telemetry::MetricSeries* series_ = nullptr;
};

struct NodeSeries {
  CachedSeries ok_runs;
  CachedSeries error_runs;
  CachedSeries retries;
  CachedSeries items;
  CachedSeries duration;
};

}  // namespace plumb::exec
