// The log records of a run. Every record goes through write_log: it is numbered (`sequence`
// 1, 2, ... under one lock per run, so numbers ascend in every output and a record the
// levels drop takes no number) and secret values the run read (sys.env of a secret-like
// name) are scrubbed from it. The runtime logger's own records: one structured error record
// when the run fails, and lifecycle records at debug level (run and node start and end,
// retries, cache hits, cancellations), which cost one predictable branch when debug is off.
#pragma once

#include <plumb/stage.hpp>

#include "runtime/exec/state.hpp"
#include "runtime/telemetry/logs.hpp"

namespace plumb::exec {

// Numbers and writes `record` when the log levels let it through.
void write_log(RunState& run, telemetry::LogRecord record);

// `run.debug_runtime` is set: a debug record of the `runtime` logger about `node`, with the
// trace and span ids of `span` (the frame's span when 0).
void log_node(const Frame& frame, const NodePlan& node, std::uint64_t span,
              std::string_view message, Fields fields);
// `run.debug_runtime` is set: the debug record of a failed attempt that will be retried.
void log_retry(const Frame& frame, const NodePlan& node, std::uint64_t span, const RunError& error,
               std::uint32_t attempt, double delay_seconds);
// A debug record of the `runtime` logger about the run as a whole, on the run span.
void log_run(RunState& run, std::string_view message, Fields fields);
// The error record of a failed run (logger `runtime`, level error): the error's message, with
// its node, stage, place, attempt and the span of the attempt that failed.
void log_failure(RunState& run, const RunError& error);

// Values `scrub` keeps out of records and trace-IO recordings: a variable's value read under a
// secret-like name.
void add_secret(RunState& run, std::string_view name, std::string_view value);
// `value` with the run's secret values replaced by `[REDACTED]` inside its strings.
Value scrubbed(RunState& run, const Value& value);
// Whether this is the first time in the run that `label` of `metric` was redacted.
bool note_redacted_label(RunState& run, std::string_view metric, std::string_view label);

}  // namespace plumb::exec
