// The standard registry and diagnostics reporting shared by the subcommands.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

int report(driver::Compilation& compilation) {
  if (!compilation.read_error().empty()) {
    std::cerr << "plumb: error: " << compilation.read_error() << '\n';
    return kUsageError;
  }
  bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
  compilation.diagnostics().render(std::cerr, color);
  return compilation.diagnostics().has_errors() ? kUsageError : kSuccess;
}

}  // namespace plumb::cli
