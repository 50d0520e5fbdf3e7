// Shared pieces of the `plumb` command-line tool: exit codes, the stage registry with the
// standard library, compiling with diagnostics output, options parsed into enums, and one
// registration function per subcommand.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <plumb/stage.hpp>

#include "compiler/driver/compilation.hpp"

namespace plumb::cli {

// README.md, "Command line": 0 success, 1 run-time failure, 2 usage or compile error, 70 when
// `plumb ir --verify-each` finds that a pass broke the IR.
enum ExitCode : int { kSuccess = 0, kRunFailure = 1, kUsageError = 2, kInternalError = 70 };

// Writes the diagnostics to stderr (in colour on a terminal unless NO_COLOR is set), at most
// `limits` of each severity, and returns kUsageError when there were errors, kSuccess
// otherwise.
int report(driver::Compilation& compilation, diag::ShownLimits limits);

// `--max-diagnostics N`: show at most N errors and N warnings (0: all); without it, 20 errors
// and 50 warnings.
void add_max_diagnostics(CLI::App* cmd, diag::ShownLimits& limits);

// The passes `--passes` lists, else the default pipeline when `optimize`, else none; nullopt,
// after the error on stderr, when the list names no pass.
std::optional<std::vector<const passes::Pass*>> chosen_passes(const std::string& list,
                                                              bool optimize);

// Runs the compile sequence and reports as `report` does, and the verifier's findings as an
// internal error: kSuccess, kUsageError or kInternalError.
int compile(driver::Compilation& compilation, const driver::CompileOptions& options,
            diag::ShownLimits limits);

// What `plumb ir` prints (`--emit`); `plumb graph --emit` takes `ir` and `opt`.
enum class Emit { Ast, Ir, Opt, Llvm };

// An option whose value is one of the names in `choices`, stored as the value paired with it:
// the string is parsed here, at the command line, and nowhere else. Another name is refused
// as CLI::IsMember refuses it (`--emit: bytecode not in {ast,ir,opt,llvm}`).
template <typename T>
CLI::Option* add_choice(CLI::App* cmd, const std::string& name, T& target,
                        std::vector<std::pair<std::string, T>> choices,
                        const std::string& description) {
  std::vector<std::string> names;
  std::string current;
  for (const auto& [text, value] : choices) {
    names.push_back(text);
    if (value == target) current = text;
  }
  auto store = [&target, choices](const std::string& text) {
    for (const auto& [choice, value] : choices) {
      if (choice == text) target = value;
    }
  };
  return cmd->add_option_function<std::string>(name, store, description)
      ->check(CLI::IsMember(names))
      ->default_str(current);
}

// `--config FILE` on a command whose flags the configuration files can set (docs/config.md).
CLI::Option* add_config_option(CLI::App* cmd);
// Gives the selected command the values of the configuration files for the flags it was not
// given; kUsageError, after the message on stderr, when a file is wrong.
int configure_selected(CLI::App& app);

// Each subcommand adds itself to the app and sets `run` to its action when selected.
using Action = std::function<int()>;
void add_check(CLI::App& app, Action& run);
void add_ir(CLI::App& app, Action& run);
void add_run(CLI::App& app, Action& run);
void add_config(CLI::App& app, Action& run);
void add_graph(CLI::App& app, Action& run);
void add_stdlib(CLI::App& app, Action& run);
void add_attributes(CLI::App& app, Action& run);
void add_diff_test(CLI::App& app, Action& run);
void add_runs(CLI::App& app, Action& run);
void add_show(CLI::App& app, Action& run);
void add_compare(CLI::App& app, Action& run);
void add_gc(CLI::App& app, Action& run);
void add_fmt(CLI::App& app, Action& run);
void add_lsp(CLI::App& app, Action& run);

}  // namespace plumb::cli
