// RunMetrics: deltas of the per-node counters and of the LLM usage since the last fold.
#include "runtime/exec/run_metrics.hpp"

namespace plumb::exec {

namespace {

using telemetry::MetricsRegistry;
constexpr MetricKind kCounter = MetricKind::Counter;
constexpr MetricKind kGauge = MetricKind::Gauge;
const std::string kNoExemplar;

}  // namespace

void describe_builtin_metrics(MetricsRegistry& r) {
  r.describe("plumb_pipeline_runs_total", kCounter,
             "Pipeline runs by pipeline and status (ok, error).");
  r.describe("plumb_pipeline_duration_seconds", MetricKind::Histogram,
             "Pipeline run duration in seconds.");
  r.describe("plumb_pipeline_active", kGauge, "Pipeline runs going on.");
  r.describe("plumb_node_runs_total", kCounter,
             "Node executions (each retry attempt, map item and loop iteration counts) by status.");
  r.describe("plumb_node_duration_seconds", MetricKind::Histogram,
             "Node execution duration in seconds.");
  r.describe("plumb_node_retries_total", kCounter, "Node retries after a retryable failure.");
  r.describe("plumb_node_errors_total", kCounter, "Failed node executions by error type.");
  r.describe("plumb_items_processed_total", kCounter, "Map items processed.");
  r.describe("plumb_workers_busy", kGauge, "Node executions running at the last scrape.");
  r.describe("plumb_queue_depth", kGauge, "Ready work waiting for a worker at the last scrape.");
  r.describe("plumb_llm_tokens_total", kCounter, "LLM tokens by model and type (input, output).");
  r.describe("plumb_llm_cost_usd_total", kCounter, "LLM cost in US dollars by model.");
}

RunMetrics::RunMetrics(RunState& run) : run_(run) {
  MetricsRegistry& registry = run_.runtime.metrics();
  registry.add(kGauge, "plumb_pipeline_active", 1, {{"pipeline", run_.meta.pipeline}});
  collector_ = registry.add_collector([this](MetricsRegistry& r) { fold(r); });
}

RunMetrics::~RunMetrics() {
  if (!finished_) run_.runtime.metrics().remove_collector(collector_);
}

void RunMetrics::finish(std::string_view status, double seconds) {
  MetricsRegistry& registry = run_.runtime.metrics();
  registry.remove_collector(collector_);
  finished_ = true;
  fold(registry);
  const std::string& pipeline = run_.meta.pipeline;
  for (auto& [name, busy] : busy_)
    registry.add(kGauge, "plumb_workers_busy", -busy, {{"pipeline", name}});
  registry.add(kGauge, "plumb_queue_depth", -queued_, {{"pipeline", pipeline}});
  registry.add(kGauge, "plumb_pipeline_active", -1, {{"pipeline", pipeline}});
  registry.record(kCounter, "plumb_pipeline_runs_total", 1,
                  {{"pipeline", pipeline}, {"status", std::string(status)}});
  registry.record(MetricKind::Histogram, "plumb_pipeline_duration_seconds", seconds,
                  {{"pipeline", pipeline}}, run_.trace_hex);
}

const RunMetrics::Folded RunMetrics::kUnfolded;

void RunMetrics::fold(MetricsRegistry& registry) {
  std::lock_guard lock(mutex_);
  // The last fold of a run that nobody scraped starts from zero and keeps nothing.
  if (!finished_ && folded_.empty()) folded_.resize(run_.plan.node_count);
  std::map<std::string, double> busy;
  {
    MetricsRegistry::Update update(registry);
    // The plan's nodes are only looked at for their labels: a fold reads the counters, the
    // cached series and these few bytes per node.
    std::vector<NodeSeries>& series = *run_.plan.metric_series;
    for (std::size_t k = 0; k < run_.plan.traced.size(); ++k) {
      const TracedNode& traced = run_.plan.traced[k];
      const NodePlan& node = run_.plan.regions[traced.region].nodes[traced.index];
      const NodeCounters& c = run_.counters[traced.id];
      const std::uint64_t runs = c.runs.load(std::memory_order_relaxed);
      const std::uint64_t started = c.started.load(std::memory_order_relaxed);
      if (started > runs) busy[node.meta.pipeline] += static_cast<double>(started - runs);
      const Folded& before = folded_.empty() ? kUnfolded : folded_[traced.id];
      if (runs != before.runs || c.items() != before.items) {
        fold_node(update, traced.id, node, series[k]);
      }
    }
  }
  for (const auto& [pipeline, count] : busy)
    busy_.try_emplace(pipeline, 0);
  for (auto& [pipeline, last] : busy_) {
    auto now = busy.find(pipeline);
    const double value = now == busy.end() ? 0 : now->second;
    registry.add(kGauge, "plumb_workers_busy", value - last, {{"pipeline", pipeline}});
    last = value;
  }
  const double queued =
      static_cast<double>(std::max<std::int64_t>(0, run_.queued.load(std::memory_order_relaxed)));
  registry.add(kGauge, "plumb_queue_depth", queued - queued_, {{"pipeline", run_.meta.pipeline}});
  queued_ = queued;
  fold_usage(registry);
}

void RunMetrics::fold_node(MetricsRegistry::Update& update, std::uint32_t id, const NodePlan& node,
                           NodeSeries& cache) {
  const NodeCounters& c = run_.counters[id];
  Folded* f = folded_.empty() ? nullptr : &folded_[id];
  const Folded& before = f ? *f : kUnfolded;
  const telemetry::NodeMeta& m = node.meta;
  // Keys in order, so the registry need not sort a copy ("status" follows "stage").
  auto labels = [&] {
    return Labels{{"node", m.path}, {"pipeline", m.pipeline}, {"stage", m.stage}};
  };
  auto with = [&](const char* key, std::string value) {
    Labels out = labels();
    out.emplace_back(key, std::move(value));
    return out;
  };
  auto series = [&](CachedSeries& cached, MetricKind kind, const char* name, auto make_labels) {
    if (!cached.resolved()) cached.set(update.resolve(kind, name, make_labels()));
    return cached.get();
  };
  // end_node counts a failure before the run (the run with release order): reading the runs
  // first, every run seen has its failure counted, so runs - failures never overstates the
  // successes; it may understate them while failures are in flight, hence the maximum.
  const std::uint64_t runs = c.runs.load(std::memory_order_acquire);
  const std::uint64_t failures = c.failures();
  const std::uint64_t retries = c.retries();
  const std::uint64_t items = c.items();
  const std::int64_t nanos = c.total_nanos();
  const std::uint64_t ok_runs = std::max(before.ok, runs >= failures ? runs - failures : 0);
  const std::uint64_t ok = ok_runs - before.ok;
  if (ok) {
    update.add(series(cache.ok_runs, kCounter, "plumb_node_runs_total",
                      [&] { return with("status", "ok"); }),
               static_cast<double>(ok));
  }
  if (failures != before.failures) {
    update.add(series(cache.error_runs, kCounter, "plumb_node_runs_total",
                      [&] { return with("status", "error"); }),
               static_cast<double>(failures - before.failures));
    std::map<std::string, std::uint64_t>& folded = errors_folded_[id];
    std::lock_guard lock(run_.details_mutex);
    for (const auto& [type, count] : run_.error_types[id]) {
      std::uint64_t& seen = folded[type];
      if (count != seen) {
        update.add(update.resolve(kCounter, "plumb_node_errors_total", with("error_type", type)),
                   static_cast<double>(count - seen));
      }
      seen = count;
    }
  }
  if (retries != before.retries) {
    update.add(series(cache.retries, kCounter, "plumb_node_retries_total", labels),
               static_cast<double>(retries - before.retries));
  }
  if (items != before.items) {
    update.add(series(cache.items, kCounter, "plumb_items_processed_total",
                      [&] {
                        return Labels{{"node", m.path}, {"pipeline", m.pipeline}};
                      }),
               static_cast<double>(items - before.items));
  }
  auto duration_series = [&] {
    return series(cache.duration, MetricKind::Histogram, "plumb_node_duration_seconds", labels);
  };
  const std::string& exemplar = run_.tracing ? run_.trace_hex : kNoExemplar;
  if (std::optional<std::int64_t> only = c.only_duration(); only && !f) {
    update.observe(duration_series(), static_cast<double>(*only) / 1e9, exemplar);
    return;
  }
  // The counts become the deltas since the last fold, which keeps the counts.
  DurationCounts delta = c.duration_counts();
  std::uint64_t count = 0;
  for (std::size_t i = 0; i < delta.size(); ++i) {
    const std::uint64_t now = delta[i];
    delta[i] = now - before.buckets[i];
    count += delta[i];
    if (f) f->buckets[i] = now;
  }
  if (count > 0) {
    const double seconds = static_cast<double>(nanos - before.nanos) / 1e9;
    update.merge_histogram(duration_series(), delta, seconds, exemplar,
                           seconds / static_cast<double>(count));
  }
  if (!f) return;
  f->runs = runs;
  f->ok = ok_runs;
  f->failures = failures;
  f->retries = retries;
  f->items = items;
  f->nanos = nanos;
}

void RunMetrics::fold_usage(MetricsRegistry& registry) {
  std::lock_guard lock(run_.details_mutex);
  for (const auto& [model, usage] : run_.usage) {
    ModelUsage& seen = usage_[model];
    if (usage.input_tokens != seen.input_tokens) {
      registry.add(kCounter, "plumb_llm_tokens_total",
                   static_cast<double>(usage.input_tokens - seen.input_tokens),
                   {{"model", model}, {"type", "input"}});
    }
    if (usage.output_tokens != seen.output_tokens) {
      registry.add(kCounter, "plumb_llm_tokens_total",
                   static_cast<double>(usage.output_tokens - seen.output_tokens),
                   {{"model", model}, {"type", "output"}});
    }
    if (usage.cost_usd != seen.cost_usd) {
      registry.add(kCounter, "plumb_llm_cost_usd_total", usage.cost_usd - seen.cost_usd,
                   {{"model", model}});
    }
    seen = usage;
  }
}

}  // namespace plumb::exec
