// Runtime benchmarks: per-node overhead of the executor on 100,000-node chains and fan-outs
// (spans off, spans into a discarding exporter, spans into the Chrome writer on /dev/null),
// the same DAG shapes on a bare oneTBB flow_graph for reference, the cost of recording one
// span, map throughput over 1,000,000 items, the speedup of 64 independent ~1 ms nodes on 2
// threads, and the peak RSS of a run recording 2,000,000 spans. Figures: docs/performance.md.
#include <sys/resource.h>

#include <chrono>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <oneapi/tbb/flow_graph.h>
#include <plumb/plumb.hpp>

#include "runtime/api/engine_impl.hpp"
#include "runtime/telemetry/telemetry.hpp"

namespace {

constexpr int kNodes = 100000;

class DiscardingExporter : public plumb::telemetry::SpanExporter {
 public:
  bool lossless() const override { return true; }
  void export_spans(std::span<const plumb::telemetry::SpanView>) override {}
};

enum class Spans { Off, Discard, Chrome };

// Seconds per node (shown with an SI prefix: `250n` is 250 ns).
void per_node(benchmark::State& state) {
  state.counters["per_node"] = benchmark::Counter(
      kNodes, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

plumb::EngineOptions options(Spans spans, int threads) {
  plumb::EngineOptions o;
  o.threads = threads;
  if (spans == Spans::Chrome) o.telemetry.chrome_trace_path = "/dev/null";
  return o;
}

plumb::Program compile(plumb::Engine& engine, Spans spans, const std::string& source) {
  plumb::Program program = engine.compile_string("bench.pipe", source);
  if (spans == Spans::Discard) {
    program.impl().engine->runtime.telemetry().add_exporter(std::make_shared<DiscardingExporter>());
  }
  return program;
}

// x1 = a + 1, x2 = x1 + 1, ...: each node waits for the one before.
std::string chain_program() {
  std::string s = "pipeline main(a: int = 0) {\n  x0 = a + 1\n";
  for (int i = 1; i < kNodes; ++i) {
    s += "  x" + std::to_string(i) + " = x" + std::to_string(i - 1) + " + 1\n";
  }
  return s + "  return x" + std::to_string(kNodes - 1) + "\n}\n";
}

// y_i = a + i for every i, all ready at once, then one node that reads them all.
std::string fan_out_program() {
  std::string s = "pipeline main(a: int = 0) {\n";
  for (int i = 0; i < kNodes; ++i)
    s += "  y" + std::to_string(i) + " = a + " + std::to_string(i) + "\n";
  s += "  return [";
  for (int i = 0; i < kNodes; ++i)
    s += (i ? ", y" : "y") + std::to_string(i);
  return s + "]\n}\n";
}

// Steady state: a program's first run also resolves each node's metric series in the
// registry, once for the program's life, so it runs once before the timing (BM_ChainFirstRun
// measures that run).
void run_shape(benchmark::State& state, const std::string& source, Spans spans) {
  plumb::Engine engine(options(spans, 2));
  plumb::Program program = compile(engine, spans, source);
  program.run();
  for (auto _ : state) {
    plumb::Result result = program.run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
    benchmark::DoNotOptimize(result.value);
  }
  per_node(state);
}

void BM_Chain(benchmark::State& state) {
  static const std::string source = chain_program();
  run_shape(state, source, static_cast<Spans>(state.range(0)));
}
BENCHMARK(BM_Chain)
    ->ArgName("spans")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The first run of a freshly compiled program (spans off), metric series resolution included.
void BM_ChainFirstRun(benchmark::State& state) {
  static const std::string source = chain_program();
  for (auto _ : state) {
    state.PauseTiming();
    auto engine = std::make_unique<plumb::Engine>(options(Spans::Off, 2));
    auto program = std::make_unique<plumb::Program>(compile(*engine, Spans::Off, source));
    state.ResumeTiming();
    plumb::Result result = program->run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
    state.PauseTiming();
    program.reset();
    engine.reset();
    state.ResumeTiming();
  }
  per_node(state);
}
BENCHMARK(BM_ChainFirstRun)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FanOut(benchmark::State& state) {
  static const std::string source = fan_out_program();
  run_shape(state, source, static_cast<Spans>(state.range(0)));
}
BENCHMARK(BM_FanOut)
    ->ArgName("spans")
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The same shapes on a bare flow_graph: continue_nodes doing an addition, no tracing.
void BM_TbbChain(benchmark::State& state) {
  namespace flow = oneapi::tbb::flow;
  tbb::task_arena arena(2);
  for (auto _ : state) {
    arena.execute([&] {
      flow::graph g;
      std::vector<std::unique_ptr<flow::continue_node<flow::continue_msg>>> nodes;
      nodes.reserve(kNodes);
      std::int64_t value = 0;
      for (int i = 0; i < kNodes; ++i) {
        nodes.push_back(std::make_unique<flow::continue_node<flow::continue_msg>>(
            g, [&value](const flow::continue_msg&) { benchmark::DoNotOptimize(++value); }));
        if (i > 0) flow::make_edge(*nodes[i - 1], *nodes[i]);
      }
      nodes[0]->try_put(flow::continue_msg());
      g.wait_for_all();
    });
  }
  per_node(state);
}
BENCHMARK(BM_TbbChain)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TbbFanOut(benchmark::State& state) {
  namespace flow = oneapi::tbb::flow;
  tbb::task_arena arena(2);
  for (auto _ : state) {
    arena.execute([&] {
      flow::graph g;
      flow::broadcast_node<flow::continue_msg> source(g);
      std::vector<std::int64_t> values(kNodes);
      std::vector<std::unique_ptr<flow::continue_node<flow::continue_msg>>> nodes;
      nodes.reserve(kNodes);
      flow::continue_node<flow::continue_msg> join(g, kNodes, [](const flow::continue_msg&) {});
      for (int i = 0; i < kNodes; ++i) {
        nodes.push_back(std::make_unique<flow::continue_node<flow::continue_msg>>(
            g, [&values, i](const flow::continue_msg&) { values[i] = i + 1; }));
        flow::make_edge(source, *nodes[i]);
        flow::make_edge(*nodes[i], join);
      }
      source.try_put(flow::continue_msg());
      g.wait_for_all();
      benchmark::DoNotOptimize(values.data());
    });
  }
  per_node(state);
}
BENCHMARK(BM_TbbFanOut)->Unit(benchmark::kMillisecond)->UseRealTime();

// One span into the calling thread's ring (a discarding exporter drains it).
void BM_SpanRecord(benchmark::State& state) {
  plumb::telemetry::Telemetry telemetry;
  telemetry.add_exporter(std::make_shared<DiscardingExporter>());
  plumb::telemetry::SpanRecord record;
  record.trace = plumb::telemetry::new_trace_id();
  std::uint64_t id = 1;
  for (auto _ : state) {
    record.span_id = ++id;
    record.start_ns = static_cast<std::int64_t>(id);
    record.end_ns = static_cast<std::int64_t>(id + 1);
    telemetry.record(record);
  }
  telemetry.flush();
}
BENCHMARK(BM_SpanRecord);

void BM_Map(benchmark::State& state) {
  const auto spans = static_cast<Spans>(state.range(0));
  plumb::Engine engine(options(spans, 2));
  plumb::Program program = compile(engine, spans, R"(pipeline main(n: int = 1000000) {
  ys = map x in range(0, n) { yield x * 2 + 1 }
  return len(ys)
})");
  for (auto _ : state) {
    plumb::Result result = program.run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 1000000);
}
BENCHMARK(BM_Map)->ArgName("spans")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// 64 independent nodes of ~1 ms of arithmetic each, on 1 and 2 threads.
void BM_Parallel64(benchmark::State& state) {
  plumb::Engine engine(options(Spans::Off, static_cast<int>(state.range(0))));
  std::string source = "pipeline main(n: int = 0) {\n";
  for (int i = 0; i < 64; ++i) {
    source += "  w" + std::to_string(i) + " = sum(map x in range(n, n + 20000) { yield x % 7 + " +
              std::to_string(i) + " })\n";
  }
  source += "  return [";
  for (int i = 0; i < 64; ++i)
    source += (i ? ", w" : "w") + std::to_string(i);
  source += "]\n}\n";
  plumb::Program program = compile(engine, Spans::Off, source);
  for (auto _ : state) {
    plumb::Result result = program.run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
  }
}
BENCHMARK(BM_Parallel64)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A run recording 2,000,000 spans (1,000,000 map items and their yield nodes) through the
// Chrome writer: the peak RSS stays bounded because spans stream out.
void BM_MillionItemSpansRss(benchmark::State& state) {
  plumb::Engine engine(options(Spans::Chrome, 2));
  plumb::Program program = compile(engine, Spans::Chrome, R"(pipeline main(n: int = 1000000) {
  @trace(items: "all")
  ys = map x in range(0, n) { yield x + 1 }
  return len(ys)
})");
  for (auto _ : state) {
    plumb::Result result = program.run();
    if (!result.ok()) state.SkipWithError(result.error->describe().c_str());
    state.counters["spans"] = static_cast<double>(result.spans);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_MillionItemSpansRss)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
