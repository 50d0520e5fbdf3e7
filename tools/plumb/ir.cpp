// `plumb ir FILE --emit ast|ir|opt|llvm`: print a compiler phase's representation of a program
// (`llvm`: the JIT's LLVM IR for the optimised program, at `--jit-opt 0|2`).
// `--passes a,b,c` runs a chosen list of passes instead of the default pipeline,
// `--print-after-all` prints the IR after each pass, `--verify-each` runs the verifier after
// each pass (an internal error, exit 70, if a pass broke an invariant).
#include <iostream>

#include "compiler/ast/ast_printer.hpp"
#include "compiler/ir/printer.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/jit/jit.hpp"
#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

struct IrOptions {
  std::string file;
  std::string emit = "ir";
  std::string passes;
  bool print_after_all = false;
  bool verify_each = false;
  int jit_opt = 0;
};

int run_ir(const IrOptions& o) {
  driver::Compilation compilation(stdlib::standard_stages());
  if (o.emit == "ast") {
    auto ast = compilation.parse_only(o.file);
    int status = report(compilation);
    if (ast && status == kSuccess) ast::print(std::cout, *ast);
    return status;
  }
  compilation.check_file(o.file);
  if (int status = report(compilation); status != kSuccess) return status;
  ir::Module& module = compilation.lower();
  std::vector<const passes::Pass*> pipeline;
  if (!o.passes.empty()) {
    std::string unknown;
    auto chosen = passes::parse_pass_list(o.passes, unknown);
    if (!chosen) {
      std::cerr << "plumb: error: unknown pass `" << unknown << "`; " << passes::pass_names()
                << '\n';
      return kUsageError;
    }
    pipeline = std::move(*chosen);
  } else if (o.emit == "opt" || o.emit == "llvm" || o.print_after_all) {
    pipeline = passes::default_pipeline();
  }
  passes::RunOptions options;
  options.verify_each = o.verify_each;
  if (o.print_after_all) options.print_after_each = &std::cout;
  auto errors = compilation.optimize(pipeline, options);
  if (!errors.empty()) {
    for (const std::string& e : errors)
      std::cerr << "plumb: internal error: " << e << '\n';
    return kInternalError;
  }
  if (o.emit == "llvm") {
    std::cout << jit::emit_llvm(*exec::make_plan(compilation.take_module()), o.jit_opt);
  } else if (!o.print_after_all) {
    ir::print(std::cout, module);
  }
  return kSuccess;
}

}  // namespace

void add_ir(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("ir", "print the program as a compiler phase sees it");
  auto options = std::make_shared<IrOptions>();
  cmd->add_option("FILE", options->file, "the .pipe file")->required();
  cmd->add_option("--emit", options->emit,
                  "ast: the syntax tree; ir: the DAG IR before passes; opt: after the passes; "
                  "llvm: the JIT's LLVM IR")
      ->check(CLI::IsMember({"ast", "ir", "opt", "llvm"}))
      ->capture_default_str();
  cmd->add_option("--jit-opt", options->jit_opt, "with --emit llvm: 0 (as generated) or 2")
      ->check(CLI::IsMember({0, 2}))
      ->capture_default_str();
  cmd->add_option("--passes", options->passes, "comma-separated passes to run, in order");
  cmd->add_flag("--print-after-all", options->print_after_all, "print the IR after every pass");
  cmd->add_flag("--verify-each", options->verify_each, "verify the IR after every pass");
  cmd->callback([&run, options] { run = [options] { return run_ir(*options); }; });
}

}  // namespace plumb::cli
