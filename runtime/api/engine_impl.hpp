// The insides of Engine and Program, private to runtime/api: the registry, the runtime, and for
// a program its optimised module, plan and entry pipeline. Tools, tests and benchmarks see
// what they need of them through tooling.hpp.
#pragma once

#include <memory>
#include <mutex>

#include <plumb/plumb.hpp>

#include "compiler/diag/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "runtime/api/store_record.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/exec/run.hpp"
#include "runtime/exec/runtime.hpp"
#include "runtime/jit/jit.hpp"
#include "runtime/telemetry/exports.hpp"

namespace plumb {

struct Engine::Impl : std::enable_shared_from_this<Engine::Impl> {
  explicit Impl(const EngineOptions& options);
  StageRegistry registry;
  exec::Runtime runtime;
  std::unique_ptr<telemetry::Exports> exports;  // after runtime: stops before it
  std::mutex registry_mutex;
  BackendOptions execution;
  jit::Engine jit;
  std::shared_ptr<RunStore> store;  // null: runs are not recorded
  diag::ShownLimits shown;          // LimitOptions::errors_shown, warnings_shown

  // Records the engine's runs into `run_store` from now on: its spans and logs go there too.
  // Once per engine, before its first run.
  void record_into(std::shared_ptr<RunStore> run_store);

  // Compiles to a program; throws CompileError.
  Program compile(const std::string& name, const std::string* source, const std::string& entry);
};

struct Program::Impl {
  std::shared_ptr<Engine::Impl> engine;
  std::shared_ptr<const ir::Module> module;
  std::shared_ptr<const exec::Plan> plan;
  std::uint32_t function = 0;
  std::string entry;
  std::string backend = "interp";  // the one the plan runs on: interp or jit
  std::vector<Diagnostic> warnings;
  std::string file;             // the entry file as given (or the source's name)
  api::ProgramSources sources;  // what the run store records of the program

  // The argument vector for a run: by name, defaults applied, types checked.
  std::vector<Value> bind(const std::map<std::string, Value>& args) const;
};

// Picks the entry pipeline of a file: `wanted`, else `main`, else the only one. Returns the
// function index or throws CompileError with a message naming the choices.
std::uint32_t choose_entry(const ir::Module& module, const std::string& wanted);

}  // namespace plumb
