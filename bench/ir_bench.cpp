// The DAG IR's speed: lowering plus the default pass pipeline over generated programs of about
// 1,000, 10,000 and 100,000 nodes (the target is 50 ms or less at 10,000 nodes, and a flat
// cost per node from 10,000 to 100,000), the IR's memory per node, and `plumb graph` drawing a
// 10,000-node program as DOT and as Mermaid (collapsed, as the CLI does at that size). Parsing
// and checking run once, outside the timed loop. The generated program repeats a block of 8
// nodes: a volatile read, a pure stage, a map with two nodes in its body, an expression, and an
// `if` updating a `var` (so the blocks are parallel except for the chain of `if`s).
#include <benchmark/benchmark.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "compiler/driver/compilation.hpp"
#include "compiler/ir/analysis.hpp"
#include "compiler/ir/graph.hpp"
#include "compiler/passes/pipeline.hpp"
#include "stdlib/stdlib.hpp"

namespace {

using namespace plumb;

constexpr int kNodesPerBlock = 8;

std::string generate(int nodes) {
  std::string text = "pipeline main(root: str = \"data\", scale: int = 2) {\n  var total = 0\n";
  for (int i = 0; i < nodes / kNodesPerBlock; ++i) {
    std::string n = std::to_string(i);
    text += "  text" + n + " = io.read_text(root + \"/part" + n + ".txt\")\n";
    text += "  words" + n + " = text.words(text" + n + ")\n";
    text +=
        "  long" + n + " = map w in words" + n + " {\n    u = upper(w)\n    yield u + \"!\"\n  }\n";
    text += "  n" + n + " = len(long" + n + ") * scale\n";
    text += "  if n" + n + " > 3 { total = total + n" + n + " }\n";
  }
  return text + "  return total\n}\n";
}

// A checked program of about `nodes` nodes, ready to lower.
std::unique_ptr<driver::Compilation> checked(int nodes) {
  auto compilation = std::make_unique<driver::Compilation>(stdlib::standard_stages());
  if (!compilation->check_source("generated.pipe", generate(nodes))) {
    throw std::runtime_error("the generated program does not compile");
  }
  return compilation;
}

std::size_t node_count(const ir::Module& module) {
  std::size_t count = 0;
  ir::for_each_node(module, [&](ir::NodeId) { ++count; });
  return count;
}

template <typename T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// Bytes held by the module's arenas and the vectors inside its nodes and regions (the
// interned strings and constants' heap data are left out).
std::size_t ir_bytes(const ir::Module& m) {
  std::size_t total = bytes(m.nodes) + bytes(m.regions) + bytes(m.values) + bytes(m.exprs) +
                      bytes(m.expr_args) + bytes(m.constants) + bytes(m.strings);
  for (const ir::Node& n : m.nodes) {
    total += bytes(n.inputs) + bytes(n.args) + bytes(n.order_after) + bytes(n.regions) +
             bytes(n.results) + bytes(n.extra_keywords);
  }
  for (const ir::Region& r : m.regions)
    total += bytes(r.params) + bytes(r.nodes) + bytes(r.results);
  return total;
}

void BM_LowerAndOptimize(benchmark::State& state) {
  auto compilation = checked(static_cast<int>(state.range(0)));
  const auto pipeline = passes::default_pipeline();
  std::size_t nodes = 0;
  std::size_t memory = 0;
  for (auto _ : state) {
    // Freeing the previous iteration's module is not part of lowering.
    state.PauseTiming();
    compilation->take_module().reset();
    state.ResumeTiming();
    ir::Module& module = compilation->lower();
    nodes = module.nodes.size();
    passes::run_passes(module, pipeline, passes::RunOptions{});
    benchmark::DoNotOptimize(module.nodes.data());
    memory = ir_bytes(module);
  }
  state.counters["nodes"] = static_cast<double>(nodes);  // as lowered
  state.counters["ns_per_node"] = benchmark::Counter(
      static_cast<double>(nodes) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["ir_bytes_per_node"] = static_cast<double>(memory) / static_cast<double>(nodes);
}
BENCHMARK(BM_LowerAndOptimize)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Lower(benchmark::State& state) {
  auto compilation = checked(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    compilation->take_module().reset();
    state.ResumeTiming();
    benchmark::DoNotOptimize(compilation->lower().nodes.data());
  }
}
BENCHMARK(BM_Lower)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_Graph(benchmark::State& state) {
  auto compilation = checked(10000);
  ir::Module& module = compilation->lower();
  passes::run_passes(module, passes::default_pipeline(), passes::RunOptions{});
  const auto format = static_cast<ir::GraphFormat>(state.range(0));
  std::size_t vertices = 0;
  for (auto _ : state) {
    std::ostringstream out;
    vertices = ir::write_graph(out, module, format).vertices;
    benchmark::DoNotOptimize(out.str().data());
  }
  state.counters["module_nodes"] = static_cast<double>(node_count(module));
  state.counters["boxes_drawn"] = static_cast<double>(vertices);
}
BENCHMARK(BM_Graph)
    ->ArgName("format")
    ->Arg(static_cast<int>(ir::GraphFormat::Dot))
    ->Arg(static_cast<int>(ir::GraphFormat::Mermaid))
    ->Arg(static_cast<int>(ir::GraphFormat::Json))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
