// Compiling with diagnostics reporting and the pass list, shared by the subcommands.
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

std::optional<std::vector<const passes::Pass*>> chosen_passes(const std::string& list,
                                                              bool optimize) {
  if (list.empty()) {
    return optimize ? passes::default_pipeline() : std::vector<const passes::Pass*>{};
  }
  std::string unknown;
  auto chosen = passes::parse_pass_list(list, unknown);
  if (!chosen) {
    std::cerr << "plumb: error: unknown pass `" << unknown << "`; " << passes::pass_names() << '\n';
  }
  return chosen;
}

int compile(driver::Compilation& compilation, const driver::CompileOptions& options) {
  compilation.compile(options);
  if (int status = report(compilation); status != kSuccess) return status;
  for (const std::string& e : compilation.verifier_errors())
    std::cerr << "plumb: internal error: " << e << '\n';
  return compilation.verifier_errors().empty() ? kSuccess : kInternalError;
}

}  // namespace plumb::cli
