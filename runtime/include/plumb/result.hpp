// What a run reports about itself: its error with the node and place, what each node did,
// and the LLM usage per model. Produced by the executor and handed out by the embedding API
// (<plumb/plumb.hpp>'s Result).
#pragma once

#include <cstdint>
#include <string>

#include <plumb/node_site.hpp>

namespace plumb {

// A run's error and the node it failed in (its site: `stage` is empty unless the node calls a
// stage; an error of the run itself, a cancellation, names no node). The executor's own error
// record (exec::RunError) extends it.
struct ErrorInfo : NodeSite {
  std::string kind;  // "stage_error", "timeout", "overflow", "division_by_zero", ...
  std::string message;
  std::string stacktrace;  // where in the stage it failed, when the stage said (a Python traceback)
  // `file:line:col: node `x` (io.read_text) in pipeline `main` failed: message`, or
  // `pipeline `main`: message` for an error of the run itself (a cancellation)
  std::string describe() const;
};

// What one node did in a run, and where the node is.
struct NodeResult : NodeSite {
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;
  std::uint64_t retries = 0;
  std::uint64_t cached = 0;
  double seconds = 0;
  std::string error;  // the last error, if it failed
};

struct ModelCost {
  std::string model;
  std::int64_t calls = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
};

// Cancelled: stopped through RunOptions::cancel (a signal, for `plumb run`) before it ended.
enum class Status { Ok, Failed, Cancelled };

}  // namespace plumb
