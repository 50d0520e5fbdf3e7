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
  std::string format = "dot";
  std::string emit = "opt";
  std::string passes;
  std::size_t collapse_above = ir::GraphLimits{}.max_nodes;
};

int run_graph(const GraphOptions& o) {
  driver::Compilation compilation(stdlib::standard_stages());
  compilation.check_file(o.file);
  if (int status = report(compilation); status != kSuccess) return status;
  ir::Module& module = compilation.lower();
  std::vector<const passes::Pass*> pipeline;
  if (!o.passes.empty()) {
    std::string unknown;
    auto chosen = passes::parse_pass_list(o.passes, unknown);
    if (!chosen) {
      std::cerr << "plumb: error: unknown pass `" << unknown << "`; " << passes::pass_names()
                << '\n';
      return kUsageError;
    }
    pipeline = std::move(*chosen);
  } else if (o.emit == "opt") {
    pipeline = passes::default_pipeline();
  }
  if (pipeline.empty() || pipeline.back() != passes::find_pass("schedule")) {
    pipeline.push_back(passes::find_pass("schedule"));
  }
  compilation.optimize(pipeline, passes::RunOptions{});
  ir::GraphFormat format = o.format == "mermaid" ? ir::GraphFormat::Mermaid
                           : o.format == "json"  ? ir::GraphFormat::Json
                                                 : ir::GraphFormat::Dot;
  ir::GraphLimits limits;
  limits.max_nodes = o.collapse_above;
  ir::GraphSummary summary = ir::write_graph(std::cout, module, format, limits);
  if (!summary.notice.empty()) std::cerr << "plumb: note: " << summary.notice << '\n';
  return kSuccess;
}

}  // namespace

void add_graph(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("graph", "draw the pipeline's DAG (Graphviz, Mermaid or JSON)");
  auto options = std::make_shared<GraphOptions>();
  cmd->add_option("FILE", options->file, "the .pipe file")->required();
  cmd->add_option("--format", options->format, "dot (Graphviz), mermaid or json")
      ->check(CLI::IsMember({"dot", "mermaid", "json"}))
      ->capture_default_str();
  cmd->add_option("--emit", options->emit, "ir: the DAG before the passes; opt: after them")
      ->check(CLI::IsMember({"ir", "opt"}))
      ->capture_default_str();
  cmd->add_option("--passes", options->passes, "comma-separated passes to run, in order");
  cmd->add_option("--collapse-above", options->collapse_above,
                  "collapse regions above this many nodes (0: never)")
      ->capture_default_str();
  cmd->callback([&run, options] { run = [options] { return run_graph(*options); }; });
}

}  // namespace plumb::cli
