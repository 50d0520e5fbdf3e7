// `plumb check FILE`: parse and check a file and its imports, print every diagnostic.
#include <iostream>

#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

void add_check(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("check", "parse and check a pipeline file, print diagnostics");
  auto file = std::make_shared<std::string>();
  auto limits = std::make_shared<diag::ShownLimits>();
  cmd->add_option("FILE", *file, "the .pipe file")->required();
  add_max_diagnostics(cmd, *limits);
  cmd->callback([&run, file, limits] {
    run = [file, limits] {
      driver::Compilation compilation(stdlib::standard_stages());
      compilation.check_file(*file);
      int status = report(compilation, *limits);
      if (status == kSuccess) std::cerr << *file << ": ok\n";
      return status;
    };
  });
}

}  // namespace plumb::cli
