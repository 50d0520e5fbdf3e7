// Running a plan: one call runs a pipeline of the plan with its arguments and returns the
// outcome — the value, or the first error with its node and place — plus per-node statistics
// and the LLM usage recorded by stages. Runs of one plan may go on concurrently.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <plumb/cancel.hpp>
#include <plumb/result.hpp>

#include "runtime/exec/node_counters.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/exec/runtime.hpp"
#include "runtime/exec/scope.hpp"
#include "runtime/telemetry/span_loss.hpp"

namespace plumb::exec {

struct RunRequest {
  std::shared_ptr<const Plan> plan;
  std::uint32_t function = 0;
  std::vector<Value> args;                        // one per parameter, defaults already applied
  std::optional<telemetry::TraceContext> parent;  // from --traceparent / TRACEPARENT
  std::string baggage;  // W3C baggage passed on to HTTP requests and child processes
  std::shared_ptr<RunCancellation> cancel;  // stops the run when cancelled; may be null
  std::string backend = "interp";
  std::string run_id;  // plumb.run.id; empty: the run span's id in hex
};

// The per-node counters of a finished run, kept by its Result until someone asks for them.
struct RunStatistics {
  std::shared_ptr<const Plan> plan;
  std::unique_ptr<NodeCounters[]> counters;          // by node id
  std::map<std::uint32_t, std::string> last_errors;  // by node id
};

// The nodes that ran, with their names, counts and last error, in plan order.
std::vector<NodeResult> node_results(const RunStatistics& statistics);

struct ModelUsage {
  std::string model;
  std::int64_t calls = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
};

struct RunOutcome {
  bool ok = false;
  bool cancelled = false;  // stopped through RunRequest::cancel (error says why)
  Value value;
  std::optional<RunError> error;
  double seconds = 0;
  std::string trace_id;
  std::string run_id;
  std::uint64_t spans = 0;
  telemetry::SpanLoss spans_dropped;  // lost before an exporter sent them
  std::string no_spans_reason;        // why `spans` is 0
  std::shared_ptr<const RunStatistics> statistics;
  std::vector<ModelUsage> usage;
};

RunOutcome run(Runtime& runtime, const RunRequest& request);

}  // namespace plumb::exec
