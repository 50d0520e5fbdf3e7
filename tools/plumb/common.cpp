// Compiling with diagnostics reporting and the pass list, shared by the subcommands.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <iostream>

#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

int report(driver::Compilation& compilation, diag::ShownLimits limits) {
  if (!compilation.read_error().empty()) {
    std::cerr << "plumb: error: " << compilation.read_error() << '\n';
    return kUsageError;
  }
  bool color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
  compilation.diagnostics().render(std::cerr, color, limits);
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

void add_max_diagnostics(CLI::App* cmd, diag::ShownLimits& limits) {
  cmd->add_option_function<std::int64_t>(
         "--max-diagnostics",
         [&limits](std::int64_t n) {
           limits = {static_cast<std::size_t>(n), static_cast<std::size_t>(n)};
         },
         "show at most N errors and N warnings, 0 for all (default: 20 errors, 50 warnings)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1000000000}));
}

int compile(driver::Compilation& compilation, const driver::CompileOptions& options,
            diag::ShownLimits limits) {
  compilation.compile(options);
  if (int status = report(compilation, limits); status != kSuccess) return status;
  for (const std::string& e : compilation.verifier_errors())
    std::cerr << "plumb: internal error: " << e << '\n';
  return compilation.verifier_errors().empty() ? kSuccess : kInternalError;
}

}  // namespace plumb::cli
