// `plumb check FILE`: parse and check a file and its imports, print every diagnostic.
#include <iostream>

#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

void add_check(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("check", "parse and check a pipeline file, print diagnostics");
  auto file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "the .pipe file")->required();
  cmd->callback([&run, file] {
    run = [file] {
      driver::Compilation compilation(stdlib::standard_stages());
      compilation.check_file(*file);
      int status = report(compilation);
      if (status == kSuccess) std::cerr << *file << ": ok\n";
      return status;
    };
  });
}

}  // namespace plumb::cli
