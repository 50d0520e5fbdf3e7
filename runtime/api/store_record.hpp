// What a run records into the run store, from the embedding API's side: the program version
// (its files, content hash and nodes with their identity and code hash, docs/store.md
// "Nodes") and a run's start and end, built from the program, the bound arguments and the
// executor's outcome.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <plumb/plumb.hpp>

#include "runtime/exec/run.hpp"
#include "runtime/store/recorder.hpp"
#include "runtime/telemetry/redaction.hpp"

namespace plumb::api {

struct ProgramSources {
  std::shared_ptr<const std::vector<store::ProgramFile>> files;
  std::string hash;
};

// The files of a compilation, entry first, and their content hash.
ProgramSources program_sources(std::vector<store::ProgramFile> files);

// Every traced node of the plan, by node id, with identity, code hash and predecessors.
std::vector<store::ProgramNode> program_nodes(const exec::Plan& plan);

store::RunStart run_start(const Program::Impl& program, const std::vector<Value>& args,
                          const Redactor& redactor, int threads);

store::RunEnd run_end(const exec::RunOutcome& outcome, const Redactor& redactor);

}  // namespace plumb::api
