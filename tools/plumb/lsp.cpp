// `plumb lsp`: the language server (compiler/lsp) on standard input and output, with the
// standard library's stages. `--stdio`, which editors' clients pass, is accepted and is the
// only transport.
#include <unistd.h>
#include <csignal>

#include "compiler/lsp/server.hpp"
#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

void add_lsp(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand(
      "lsp", "run the language server (Language Server Protocol over standard input and output)");
  cmd->add_flag("--stdio")->description("talk over standard input and output (the default)");
  cmd->callback([&run] {
    run = [] {
      // A client that goes away makes a write fail (EPIPE) instead of killing the server,
      // which ends when its input does.
      std::signal(SIGPIPE, SIG_IGN);
      lsp::Transport transport(STDIN_FILENO, STDOUT_FILENO);
      lsp::Server server(stdlib::standard_stages(), transport);
      return server.run();
    };
  });
}

}  // namespace plumb::cli
