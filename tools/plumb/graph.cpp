// `plumb graph FILE --format dot|mermaid|json`: draw the optimised DAG IR (`--emit ir` draws
// it before the passes, `--passes a,b` runs those passes instead of the default pipeline).
// Scheduling levels are always computed, so nodes that may run at once share a rank. Large
// programs are collapsed (see compiler/ir/graph.hpp); the notice saying so goes to stderr too.
#include <iostream>

#include "compiler/ir/graph.hpp"
#include "stdlib/stdlib.hpp"
#include "tools/plumb/cli.hpp"

namespace plumb::cli {

namespace {

struct GraphOptions {
  std::string file;
  ir::GraphFormat format = ir::GraphFormat::Dot;
  Emit emit = Emit::Opt;
  std::string passes;
  std::size_t collapse_above = ir::GraphLimits{}.max_nodes;
  diag::ShownLimits shown;
};

int run_graph(const GraphOptions& o) {
  auto pipeline = chosen_passes(o.passes, o.emit == Emit::Opt);
  if (!pipeline) return kUsageError;
  driver::Compilation compilation(stdlib::standard_stages());
  driver::CompileOptions options;
  options.file = o.file;
  options.passes = std::move(*pipeline);
  options.schedule = true;
  if (int status = compile(compilation, options, o.shown); status != kSuccess) return status;
  ir::GraphLimits limits;
  limits.max_nodes = o.collapse_above;
  ir::GraphSummary summary = ir::write_graph(std::cout, compilation.module(), o.format, limits);
  if (!summary.notice.empty()) std::cerr << "plumb: note: " << summary.notice << '\n';
  return kSuccess;
}

}  // namespace

void add_graph(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("graph", "draw the pipeline's DAG (Graphviz, Mermaid or JSON)");
  auto options = std::make_shared<GraphOptions>();
  cmd->add_option("FILE", options->file, "the .pipe file")->required();
  add_max_diagnostics(cmd, options->shown);
  add_choice(cmd, "--format", options->format,
             {{"dot", ir::GraphFormat::Dot},
              {"mermaid", ir::GraphFormat::Mermaid},
              {"json", ir::GraphFormat::Json}},
             "dot (Graphviz), mermaid or json");
  add_choice(cmd, "--emit", options->emit, {{"ir", Emit::Ir}, {"opt", Emit::Opt}},
             "ir: the DAG before the passes; opt: after them");
  cmd->add_option("--passes", options->passes, "comma-separated passes to run, in order");
  cmd->add_option("--collapse-above", options->collapse_above,
                  "collapse regions above this many nodes (0: never)")
      ->capture_default_str();
  cmd->callback([&run, options] { run = [options] { return run_graph(*options); }; });
}

}  // namespace plumb::cli
