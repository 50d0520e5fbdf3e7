// The built-in metric series of every node of a program (runs by status, retries, map items,
// duration), resolved in the engine's metrics registry the first time a run folds them and
// kept for the program's life: folding a later run costs a few additions per node instead of
// building and looking up label sets. Shared by the plan's copies (the JIT's plan has the
// same nodes) and touched only under the registry's lock (MetricsRegistry::Update).
#pragma once

#include "runtime/telemetry/metrics.hpp"

namespace plumb::exec {

struct CachedSeries {
  telemetry::MetricSeries* series = nullptr;  // null after resolving: refused by the guard
  bool resolved = false;
};

struct NodeSeries {
  CachedSeries ok_runs;
  CachedSeries error_runs;
  CachedSeries retries;
  CachedSeries items;
  CachedSeries duration;
};

}  // namespace plumb::exec
