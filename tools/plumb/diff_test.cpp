// `plumb diff-test FILE...` (hidden): differential testing of the back ends. Each file is
// compiled once (its first pipeline is `p0`); every pipeline of the file whose parameters all
// have defaults runs on the interpreter's plan and on the JIT's native copy of it, in this
// process on one worker thread (so the first of several errors is deterministic), and the
// outcomes (the value as JSON, or the error with its place) must be identical. Prints each mismatch
// and a count; exit 1 when any program differs. test/diff/ generates the programs.
#include <iostream>

#include <plumb/plumb.hpp>

#include "runtime/api/engine_impl.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

struct DiffFlags {
  std::vector<std::string> files;
  int jit_opt = 2;
};

std::string outcome_text(const exec::RunOutcome& outcome) {
  if (outcome.ok) return "ok " + to_json(outcome.value);
  return "error " + outcome.error->kind + ": " + outcome.error->describe();
}

// The default arguments of pipeline `f`, or nullopt when one has no default.
std::optional<std::vector<Value>> defaults(const exec::FunctionPlan& f) {
  std::vector<Value> args;
  for (const ir::ParamInfo& p : f.params) {
    if (!p.default_value) return std::nullopt;
    Value v = *p.default_value;
    if (p.type.is(TypeKind::Float) && v.is_int()) v = Value::number(v.as_number());
    args.push_back(std::move(v));
  }
  return args;
}

int run_diff(const DiffFlags& flags) {
  EngineOptions options;
  options.threads = 1;
  options.execution.jit_opt_level = flags.jit_opt;
  Engine engine(options);
  std::size_t programs = 0, mismatches = 0, errors = 0;
  for (const std::string& file : flags.files) {
    std::optional<Program> program;
    try {
      program = engine.compile_file(file, "p0");
    } catch (const std::exception& e) {
      std::cerr << file << ": does not compile:\n" << e.what() << '\n';
      ++mismatches;
      continue;
    }
    const Program::Impl& impl = program->impl();
    std::shared_ptr<const exec::Plan> native = impl.engine->jit.compile(impl.plan);
    for (std::uint32_t f = 0; f < impl.plan->functions.size(); ++f) {
      auto args = defaults(impl.plan->functions[f]);
      if (!args || impl.module->functions[f].loc.file != 0) continue;
      ++programs;
      std::string results[2];
      for (int backend = 0; backend < 2; ++backend) {
        exec::RunRequest request;
        request.plan = backend == 0 ? impl.plan : native;
        request.function = f;
        request.args = *args;
        request.backend = backend == 0 ? "interp" : "jit";
        results[backend] = outcome_text(exec::run(impl.engine->runtime, request));
      }
      if (results[0].starts_with("error")) ++errors;
      if (results[0] != results[1]) {
        ++mismatches;
        std::cout << "MISMATCH " << file << " pipeline `" << impl.plan->functions[f].name
                  << "`\n  interp: " << results[0] << "\n  jit:    " << results[1] << '\n';
      }
    }
  }
  std::cout << programs << " programs (" << errors << " failing), " << mismatches
            << " mismatches\n";
  return mismatches == 0 ? kSuccess : kRunFailure;
}

}  // namespace

void add_diff_test(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("diff-test", "run programs on both back ends and compare");
  cmd->group("");  // hidden: a testing tool
  auto flags = std::make_shared<DiffFlags>();
  cmd->add_option("FILE", flags->files, "the .pipe files")->required();
  cmd->add_option("--jit-opt", flags->jit_opt, "JIT optimisation level: 0 or 2")
      ->check(CLI::IsMember({0, 2}))
      ->capture_default_str();
  cmd->callback([&run, flags] { run = [flags] { return run_diff(*flags); }; });
}

}  // namespace plumb::cli
