// `plumb diff-test FILE...` (hidden): differential testing of the back ends. Each file is
// compiled once (its first pipeline is `p0`); every pipeline of the file whose parameters all
// have defaults runs on the interpreter's plan and on the JIT's native copy of it, in this
// process on one worker thread (so the first of several errors is deterministic), and the
// outcomes (the value as JSON, or the error with its place) must be identical. Prints each mismatch
// and a count; exit 1 when any program differs. test/diff/ generates the programs.
#include <iostream>

#include <plumb/plumb.hpp>

#include "runtime/api/tooling.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

struct DiffFlags {
  std::vector<std::string> files;
  int jit_opt = 2;
};

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
    tooling::BackendComparison comparison = tooling::compare_backends(*program);
    programs += comparison.pipelines;
    errors += comparison.failing;
    mismatches += comparison.mismatches.size();
    for (const tooling::BackendMismatch& m : comparison.mismatches) {
      std::cout << "MISMATCH " << file << " pipeline `" << m.pipeline
                << "`\n  interp: " << m.interpreter << "\n  jit:    " << m.native << '\n';
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
