// The JIT back end (docs/jit.md): an expression-heavy map over 10,000,000 typed records on
// the JIT, on the interpreter and as a hand-written C++ loop over the same plumb::Value
// representation (same checked arithmetic, records not built), all on one thread; the
// compile latency of 100 expression nodes at -O0 and -O2, as a map body and at a pipeline's
// top level; and cache hits (same engine, and from disk in a new engine).
// docs/performance.md ("JIT") records the figures.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include <plumb/plumb.hpp>

#include "base/value/ops.hpp"
#include "compiler/driver/compilation.hpp"
#include "compiler/passes/pipeline.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/jit/jit.hpp"
#include "stdlib/stdlib.hpp"

namespace {

using namespace plumb;

constexpr std::int64_t kItems = 10'000'000;

const char* kMapProgram = R"(
pipeline main(n: int = 10) {
  rows = map i in range(0, n) { yield { a: i, b: i * 0.5 } }
  out = map r in rows { yield r.a * 3 + 7 > r.b * 2.0 ? (r.a % 1000) * 2 + 1 : r.a // 7 - 2 }
  return len(out)
}
)";

void run_map(benchmark::State& state, Backend backend) {
  EngineOptions options;
  options.threads = 1;
  options.telemetry.enabled = false;
  options.execution.backend = backend;
  Engine engine(options);
  Program program = engine.compile_string("map.pipe", kMapProgram);
  for (auto _ : state) {
    Result result = program.run({{"n", Value::integer(kItems)}});
    if (!result.ok()) throw std::runtime_error(result.error->describe());
    benchmark::DoNotOptimize(result.value);
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

void BM_MapJit(benchmark::State& state) {
  run_map(state, Backend::Jit);
}
void BM_MapInterpreter(benchmark::State& state) {
  run_map(state, Backend::Interp);
}

// The same computation written by hand in C++ over the same value representation, as a
// careful programmer would: the range as a list, then one fused loop (the record's fields
// used directly, with the interpreter's checked operations) writing into a preallocated
// result list.
void BM_MapHandWritten(benchmark::State& state) {
  for (auto _ : state) {
    ListBuilder range(kItems);
    for (std::int64_t i = 0; i < kItems; ++i)
      range[i] = Value::integer(i);
    Value items = range.finish(kItems);
    ListBuilder out(kItems);
    std::size_t next = 0;
    for (const Value& i : items.as_list()) {
      std::int64_t a = i.as_int();
      double b = static_cast<double>(a) * 0.5;
      bool big = ops::add_int(ops::mul_int(a, 3), 7) > b * 2.0;
      std::int64_t v = big ? ops::add_int(ops::mul_int(ops::mod_int(a, 1000), 2), 1)
                           : ops::sub_int(ops::floor_div_int(a, 7), 2);
      out[next++] = Value::integer(v);
    }
    Value result = out.finish(next);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * kItems);
}

// A chain of 100 expression nodes, as a map body (one region function) or at the top level
// of the pipeline (one function per node); `salt` makes the IR unique.
std::shared_ptr<const exec::Plan> hundred_nodes(int salt, bool in_map = true) {
  const std::string indent = in_map ? "    " : "  ";
  const std::string x = in_map ? "x" : "n";
  std::string text = "pipeline main(n: int = 10, k: int = " + std::to_string(salt) + ") {\n";
  if (in_map) text += "  ys = map x in range(0, n) {\n";
  text += indent + "v0 = " + x + " * k + " + std::to_string(salt) + "\n";
  for (int i = 1; i < 100; ++i) {
    std::string p = "v" + std::to_string(i - 1);
    text += indent + "v" + std::to_string(i) + " = " +
            (i % 3 == 0   ? p + " > 100 ? " + p + " // 3 : " + p + " * 2 + k"
             : i % 3 == 1 ? "(" + p + " - " + x + ") % 1000 + " + std::to_string(i)
                          : p + " + " + x + " * " + std::to_string(i)) +
            "\n";
  }
  text += in_map ? "    yield v99\n  }\n  return ys\n}\n" : "  return v99\n}\n";
  driver::Compilation compilation(plumb::stdlib::standard_stages());
  driver::CompileOptions options;
  options.file = "hundred.pipe";
  options.source = text;
  if (!compilation.compile(options)) throw std::runtime_error("bad program");
  return exec::make_plan(compilation.take_module());
}

void compile_latency(benchmark::State& state, int opt_level, bool in_map) {
  jit::Engine engine(jit::Options{opt_level, ""});
  engine.compile(hundred_nodes(-1, in_map));  // creates the LLJIT
  std::vector<std::shared_ptr<const exec::Plan>> plans;
  for (int i = 0; i < 30; ++i)
    plans.push_back(hundred_nodes(i, in_map));
  std::size_t next = 0;
  jit::CompileInfo info;
  for (auto _ : state) {
    info = {};
    benchmark::DoNotOptimize(engine.compile(plans[next++ % plans.size()], &info));
  }
  state.counters["functions"] = static_cast<double>(info.functions);
}

void BM_Compile100NodesO0(benchmark::State& state) {
  compile_latency(state, 0, true);
}
void BM_Compile100NodesO2(benchmark::State& state) {
  compile_latency(state, 2, true);
}
void BM_Compile100TopLevelNodesO0(benchmark::State& state) {
  compile_latency(state, 0, false);
}
void BM_Compile100TopLevelNodesO2(benchmark::State& state) {
  compile_latency(state, 2, false);
}

void BM_CacheHitSameEngine(benchmark::State& state) {
  jit::Engine engine(jit::Options{2, ""});
  auto plan = hundred_nodes(7);
  engine.compile(plan);
  for (auto _ : state)
    benchmark::DoNotOptimize(engine.compile(plan));
}

// A new engine (as in a new `plumb run`) finding the object in the on-disk cache: LLJIT
// creation, lowering, hashing, reading and linking the object.
void BM_CacheHitDiskNewEngine(benchmark::State& state) {
  std::string dir = (std::filesystem::temp_directory_path() / "plumb-jit-bench-cache").string();
  std::filesystem::remove_all(dir);
  auto plan = hundred_nodes(7);
  jit::Engine(jit::Options{2, dir}).compile(plan);
  jit::CompileInfo info;
  for (auto _ : state) {
    jit::Engine engine(jit::Options{2, dir});
    benchmark::DoNotOptimize(engine.compile(plan, &info));
  }
  state.counters["cached"] = info.cached ? 1 : 0;
  std::filesystem::remove_all(dir);
}

}  // namespace

BENCHMARK(BM_MapJit)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MapInterpreter)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MapHandWritten)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Compile100NodesO0)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_Compile100NodesO2)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_Compile100TopLevelNodesO0)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_Compile100TopLevelNodesO2)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK(BM_CacheHitSameEngine)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CacheHitDiskNewEngine)->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK_MAIN();
