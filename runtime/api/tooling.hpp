// What tools built on plumb see of a compiled Program beyond <plumb/plumb.hpp>: the optimised
// IR module and the entry pipeline (`plumb run --dry-run` prints its plan), the runtime that
// runs it (tests and benchmarks attach their own exporters and sinks), and the differential
// test of the two back ends (`plumb diff-test`). The CLI, tests and benchmarks include this
// header, never the API's private `engine_impl.hpp`. It is not installed: embedding
// applications use <plumb/plumb.hpp> only.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <plumb/plumb.hpp>

#include "compiler/ir/ir.hpp"
#include "runtime/exec/runtime.hpp"

namespace plumb::tooling {

// The program's optimised IR and its entry pipeline.
const ir::Module& module(const Program& program);
ir::FunctionId entry_function(const Program& program);

// The runtime of the engine that compiled the program (its telemetry, metrics and log sink).
exec::Runtime& runtime(const Program& program);

// Records the runs of the engine that compiled the program into `store`, as
// EngineOptions::store would have: `plumb run` opens the store on another thread while the
// program compiles, and hands it over here before the first run.
void record_runs(const Program& program, std::shared_ptr<RunStore> store);

// A pipeline whose outcome (its value as JSON, or its error with its place) differs between
// the interpreter and the JIT.
struct BackendMismatch {
  std::string pipeline;
  std::string interpreter;
  std::string native;
};

struct BackendComparison {
  std::size_t pipelines = 0;  // pipelines that ran: those of the entry file with all defaults
  std::size_t failing = 0;    // of them, those whose run failed (on the interpreter)
  std::vector<BackendMismatch> mismatches;
};

// Runs every pipeline of the program's entry file whose parameters all have defaults on the
// interpreter's plan and on the JIT's native copy of it, and compares the outcomes.
BackendComparison compare_backends(const Program& program);

}  // namespace plumb::tooling
