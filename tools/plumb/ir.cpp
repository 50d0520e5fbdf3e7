// `plumb ir FILE --emit ast|...`: print a compiler phase's representation of a program.
#include <iostream>

#include "compiler/ast/ast_printer.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

void add_ir(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("ir", "print the program as a compiler phase sees it");
  auto file = std::make_shared<std::string>();
  auto emit = std::make_shared<std::string>("ast");
  cmd->add_option("FILE", *file, "the .pipe file")->required();
  cmd->add_option("--emit", *emit, "what to print: ast")
      ->check(CLI::IsMember({"ast"}))
      ->capture_default_str();
  cmd->callback([&run, file, emit] {
    run = [file] {
      driver::Compilation compilation(standard_registry());
      auto ast = compilation.parse_only(*file);
      int status = report(compilation);
      if (ast && status == kSuccess) ast::print(std::cout, *ast);
      return status;
    };
  });
}

}  // namespace plumb::cli
