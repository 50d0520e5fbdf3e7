// A run's start (program, arguments by name, back end, threads) and end (status, result,
// error, per-node statistics, LLM usage) as the run store records them. Per-node percentiles
// here are estimates from the duration histogram (linear within a bucket); the store replaces
// them with exact ones from the node's spans when it recorded them.
#include <cmath>

#include "runtime/api/engine_impl.hpp"
#include "runtime/api/store_record.hpp"
#include "runtime/store/redacted_json.hpp"

namespace plumb::api {

namespace {

std::int64_t estimate_percentile(const exec::DurationCounts& counts, double p,
                                 std::int64_t max_ns) {
  std::uint64_t total = 0;
  for (std::uint64_t c : counts)
    total += c;
  if (total == 0) return 0;
  const double wanted = p * static_cast<double>(total);
  double below = 0;
  for (std::size_t b = 0; b < counts.size(); ++b) {
    if (counts[b] == 0 || below + static_cast<double>(counts[b]) < wanted) {
      below += static_cast<double>(counts[b]);
      continue;
    }
    const double lower = b == 0 ? 0 : telemetry::kDefaultBounds[b - 1] * 1e9;
    const double upper = b < telemetry::kDefaultBounds.size() ? telemetry::kDefaultBounds[b] * 1e9
                                                              : static_cast<double>(max_ns);
    const double fraction = (wanted - below) / static_cast<double>(counts[b]);
    const auto estimate = static_cast<std::int64_t>(lower + fraction * (upper - lower));
    return std::min(estimate, max_ns);
  }
  return max_ns;
}

std::vector<store::NodeStats> node_statistics(const exec::RunStatistics& statistics) {
  std::vector<store::NodeStats> out;
  for (const exec::TracedNode& t : statistics.plan->traced) {
    const exec::NodeCounters& c = statistics.counters[t.id];
    const std::uint64_t runs = c.runs.load();
    if (runs == 0) continue;
    store::NodeStats& s = out.emplace_back();
    s.node = t.id;
    s.runs = runs;
    s.failures = c.failures();
    s.retries = c.retries();
    s.cache_hits = c.cached();
    s.items = c.items();
    s.total_ns = c.total_nanos();
    s.max_ns = c.max_nanos();
    const exec::DurationCounts counts = c.duration_counts();
    s.p50_ns = estimate_percentile(counts, 0.5, s.max_ns);
    s.p95_ns = estimate_percentile(counts, 0.95, s.max_ns);
    auto error = statistics.last_errors.find(t.id);
    if (error != statistics.last_errors.end()) s.error = error->second;
  }
  return out;
}

}  // namespace

store::RunStart run_start(const Program::Impl& program, const std::vector<Value>& args,
                          const Redactor& redactor, int threads) {
  const exec::FunctionPlan& function = program.plan->functions.at(program.function);
  std::vector<std::pair<std::string_view, Value>> named;
  for (std::size_t i = 0; i < args.size() && i < function.param_names.size(); ++i)
    named.emplace_back(function.param_names[i], args[i]);
  store::RunStart start;
  start.pipeline = program.entry;
  start.file = program.file;
  start.program_hash = program.sources.hash;
  start.files = program.sources.files;
  const std::shared_ptr<const exec::Plan> plan = program.plan;
  start.nodes = [plan] { return program_nodes(*plan); };
  start.args = store::redacted_json(Value::record(named), redactor);
  start.backend = program.backend;
  start.threads = threads;
  start.plumb_version = PLUMB_VERSION;
  return start;
}

store::RunEnd run_end(const exec::RunOutcome& outcome, const Redactor& redactor) {
  store::RunEnd end;
  end.status = outcome.ok          ? RunStatus::Ok
               : outcome.cancelled ? RunStatus::Cancelled
                                   : RunStatus::Failed;
  end.trace_id = outcome.trace_id;
  if (outcome.ok) end.result = store::redacted_json(outcome.value, redactor);
  if (outcome.error) {
    const exec::RunError& e = *outcome.error;
    end.error = ErrorInfo{e.kind, e.message, e.pipeline, e.node, e.stage, e.file, e.line, e.col};
  }
  if (outcome.statistics) end.nodes = node_statistics(*outcome.statistics);
  for (const exec::ModelUsage& u : outcome.usage) {
    end.usage.push_back(ModelCost{u.model, u.calls, u.input_tokens, u.output_tokens, u.cost_usd});
  }
  return end;
}

}  // namespace plumb::api
