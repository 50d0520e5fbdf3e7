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
  Emit emit = Emit::Ir;
  std::string passes;
  bool print_after_all = false;
  bool verify_each = false;
  int jit_opt = 0;
  diag::ShownLimits shown;
};

int run_ir(const IrOptions& o) {
  driver::Compilation compilation(stdlib::standard_stages());
  if (o.emit == Emit::Ast) {
    auto ast = compilation.parse_only(o.file);
    int status = report(compilation, o.shown);
    if (ast && status == kSuccess) ast::print(std::cout, *ast);
    return status;
  }
  const bool optimize = o.emit == Emit::Opt || o.emit == Emit::Llvm || o.print_after_all;
  auto pipeline = chosen_passes(o.passes, optimize);
  if (!pipeline) return kUsageError;
  driver::CompileOptions options;
  options.file = o.file;
  options.passes = std::move(*pipeline);
  options.run.verify_each = o.verify_each;
  if (o.print_after_all) options.run.print_after_each = &std::cout;
  if (int status = compile(compilation, options, o.shown); status != kSuccess) return status;
  if (o.emit == Emit::Llvm) {
    std::cout << jit::emit_llvm(*exec::make_plan(compilation.take_module()), o.jit_opt);
  } else if (!o.print_after_all) {
    ir::print(std::cout, compilation.module());
  }
  return kSuccess;
}

}  // namespace

void add_ir(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("ir", "print the program as a compiler phase sees it");
  auto options = std::make_shared<IrOptions>();
  cmd->add_option("FILE", options->file, "the .pipe file")->required();
  add_max_diagnostics(cmd, options->shown);
  add_choice(cmd, "--emit", options->emit,
             {{"ast", Emit::Ast}, {"ir", Emit::Ir}, {"opt", Emit::Opt}, {"llvm", Emit::Llvm}},
             "ast: the syntax tree; ir: the DAG IR before passes; opt: after the passes; "
             "llvm: the JIT's LLVM IR");
  cmd->add_option("--jit-opt", options->jit_opt, "with --emit llvm: 0 (as generated) or 2")
      ->check(CLI::IsMember({0, 2}))
      ->capture_default_str();
  cmd->add_option("--passes", options->passes, "comma-separated passes to run, in order");
  cmd->add_flag("--print-after-all", options->print_after_all, "print the IR after every pass");
  cmd->add_flag("--verify-each", options->verify_each, "verify the IR after every pass");
  cmd->callback([&run, options] { run = [options] { return run_ir(*options); }; });
}

}  // namespace plumb::cli
