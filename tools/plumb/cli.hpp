// Shared pieces of the `plumb` command-line tool: exit codes, the stage registry with the
// standard library, diagnostics output, and one registration function per subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include <plumb/stage.hpp>

#include "compiler/driver/compilation.hpp"

namespace plumb::cli {

// LANGUAGE.md §9: 0 success, 1 run-time failure, 2 usage or compile error.
enum ExitCode : int { kSuccess = 0, kRunFailure = 1, kUsageError = 2, kInternalError = 70 };

// Writes the diagnostics to stderr (in colour on a terminal unless NO_COLOR is set) and
// returns kUsageError when there were errors, kSuccess otherwise.
int report(driver::Compilation& compilation);

// Each subcommand adds itself to the app and sets `run` to its action when selected.
using Action = std::function<int()>;
void add_check(CLI::App& app, Action& run);
void add_ir(CLI::App& app, Action& run);
void add_run(CLI::App& app, Action& run);
void add_graph(CLI::App& app, Action& run);
void add_stdlib(CLI::App& app, Action& run);
void add_diff_test(CLI::App& app, Action& run);
void add_runs(CLI::App& app, Action& run);
void add_show(CLI::App& app, Action& run);
void add_compare(CLI::App& app, Action& run);
void add_gc(CLI::App& app, Action& run);

}  // namespace plumb::cli
