// The optimisation pipeline, written as data: the list of passes in the order they run.
// Each pass is `bool run(ir::Module&)` returning whether it changed anything, and lives in
// its own .hpp/.cpp pair. `run_passes` can verify the module after each pass that changed it
// and print it (docs/ir.md §5).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

struct Pass {
  std::string_view name;
  std::string_view summary;
  bool (*run)(ir::Module& module);
};

// Every pass, by name.
const std::vector<Pass>& all_passes();
// The default optimisation pipeline (`plumb ir --emit opt`, `plumb run`).
std::vector<const Pass*> default_pipeline();
const Pass* find_pass(std::string_view name);
// The passes of a comma-separated list (`fold,cse`), or nullopt with `unknown` set to the
// first name that is no pass.
std::optional<std::vector<const Pass*>> parse_pass_list(std::string_view list,
                                                        std::string& unknown);
// `the passes are fold cse ...`, for the error message about an unknown pass.
std::string pass_names();

struct RunOptions {
  bool verify_each = false;
  std::ostream* print_after_each = nullptr;  // `--print-after-all`
};

// Runs `passes` in order. Returns the verifier's findings (empty when the module stayed well
// formed or verification was off), prefixed with the pass that broke it. A pass that reports
// no change is neither verified nor printed after (`# after NAME: no change`); under
// `verify_each` it is checked to have left the module as it was.
std::vector<std::string> run_passes(ir::Module& module, const std::vector<const Pass*>& passes,
                                    const RunOptions& options);

}  // namespace plumb::passes
