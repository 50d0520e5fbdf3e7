// plumb: the command-line tool. Subcommands live in their own files (check.cpp, ir.cpp, ...);
// this file parses the command line and maps failures to the documented exit codes.
#include <iostream>

#include "tools/plumb/cli.hpp"

namespace {

// A first word that is neither an option nor a command: CLI11 would only say that a
// subcommand is required, so name the word and list the commands.
std::string unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == argv[1]) return "";
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return std::string("unknown command `") + argv[1] + "`; the commands are " + names;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"plumb: declarative pipelines with tracing, metrics and logs built in", "plumb"};
  app.set_version_flag("--version", std::string("plumb ") + PLUMB_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  plumb::cli::Action run;
  plumb::cli::add_check(app, run);
  plumb::cli::add_ir(app, run);
  plumb::cli::add_run(app, run);
  plumb::cli::add_graph(app, run);
  plumb::cli::add_stdlib(app, run);
  plumb::cli::add_attributes(app, run);
  plumb::cli::add_diff_test(app, run);
  plumb::cli::add_runs(app, run);
  plumb::cli::add_show(app, run);
  plumb::cli::add_compare(app, run);
  plumb::cli::add_gc(app, run);
  plumb::cli::add_fmt(app, run);
  plumb::cli::add_lsp(app, run);
  plumb::cli::add_config(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string unknown = unknown_command(app, argc, argv);
    std::cerr << "plumb: " << (unknown.empty() ? std::string(e.what()) : unknown)
              << "\nRun `plumb --help` for usage.\n";
    return plumb::cli::kUsageError;
  }
  if (!run) return plumb::cli::kUsageError;
  if (int configured = plumb::cli::configure_selected(app); configured != plumb::cli::kSuccess)
    return configured;
  return run();
}
