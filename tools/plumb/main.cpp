// plumb: the command-line tool. Subcommands live in their own files (check.cpp, ir.cpp, ...);
// this file parses the command line and maps failures to the documented exit codes.
#include <iostream>

#include "tools/plumb/cli.hpp"

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
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "plumb: " << e.what() << "\nRun `plumb --help` for usage.\n";
    return plumb::cli::kUsageError;
  }
  return run ? run() : plumb::cli::kUsageError;
}
