// Front-end speed: parse + check of a generated program (pipelines of 50 statements mixing
// bindings, arithmetic, stage and built-in calls, records, `if`, `for`, `map` and `filter`),
// at 1,000, 10,000 and 100,000 statements. The goal (issue 2) is 50 ms or less for 10,000
// statements and a time per statement that stays flat as the program grows. BM_Parse times
// the parser alone; BM_Format times `plumb fmt` of the same programs (parse, comment scan,
// layout), whose goal (issue 27) is 100 ms or less for 10,000 statements. Results are in
// docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>

#include "bench/generated_program.hpp"
#include "compiler/check/check.hpp"
#include "compiler/format/format.hpp"
#include "compiler/parse/parser.hpp"
#include "stdlib/stdlib.hpp"

namespace {

using plumb::bench::generate;

void BM_ParseCheck(benchmark::State& state) {
  const std::string text = generate(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    plumb::diag::SourceManager sources;
    plumb::diag::Diagnostics diags(sources);
    auto program = plumb::check::check(*sources.add("bench.pipe", text), sources, diags,
                                       plumb::stdlib::standard_stages());
    if (!program || diags.error_count() + diags.warning_count() != 0) {
      state.SkipWithError("the generated program does not check cleanly");
      break;
    }
    benchmark::DoNotOptimize(program.get());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["time_per_statement"] = benchmark::Counter(
      static_cast<double>(state.range(0)),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ParseCheck)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_Parse(benchmark::State& state) {
  const std::string text = generate(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    plumb::diag::SourceManager sources;
    plumb::diag::Diagnostics diags(sources);
    auto file = plumb::parse::parse_file(*sources.add("bench.pipe", text), diags);
    benchmark::DoNotOptimize(file.get());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Parse)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_Format(benchmark::State& state) {
  const std::string text = generate(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    plumb::diag::SourceManager sources;
    plumb::diag::Diagnostics diags(sources);
    auto formatted = plumb::format::format_source(*sources.add("bench.pipe", text), diags);
    if (!formatted) {
      state.SkipWithError("the generated program does not parse");
      break;
    }
    benchmark::DoNotOptimize(formatted->data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Format)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
