// Language-server speed (issue 27): the diagnostics of a 1,000-line file after a change
// (the edit applied, the file checked, the diagnostics written as the JSON the server sends),
// goal 30 ms or less; and a completion in the middle of that file, goal 10 ms or less. In
// process, without the pipe, whose cost is a write and a read per message. Results are in
// docs/performance.md.
#include <benchmark/benchmark.h>

#include <string>

#include "bench/generated_program.hpp"
#include "compiler/lsp/features.hpp"
#include "stdlib/stdlib.hpp"

namespace {

using plumb::lsp::Document;
using plumb::lsp::Documents;

constexpr const char* kUri = "file:///bench/generated.pipe";

// An edit at the start of line `line` that inserts or removes one blank (so the text stays a
// valid program and every iteration checks the same amount).
nlohmann::json edit(std::uint32_t line, bool insert) {
  nlohmann::json range = {{"start", {{"line", line}, {"character", 0}}},
                          {"end", {{"line", line}, {"character", insert ? 0 : 1}}}};
  return nlohmann::json::array({{{"range", range}, {"text", insert ? " " : ""}}});
}

void BM_LspDiagnosticsAfterChange(benchmark::State& state) {
  const std::string text = plumb::bench::generate(static_cast<int>(state.range(0)));
  Documents documents(plumb::stdlib::standard_stages());
  documents.open(kUri, text, 1);
  Document& document = *documents.find(kUri);
  const auto middle = static_cast<std::uint32_t>(document.lines.lines() / 2);
  std::int64_t version = 1;
  for (auto _ : state) {
    ++version;
    documents.change(kUri, edit(middle, version % 2 == 0), version);
    std::string sent = plumb::lsp::diagnostics(document, documents.analysed(document)).dump();
    benchmark::DoNotOptimize(sent.data());
  }
  state.counters["lines"] = static_cast<double>(document.lines.lines());
}
BENCHMARK(BM_LspDiagnosticsAfterChange)->Arg(1'000)->Unit(benchmark::kMillisecond);

void BM_LspCompletion(benchmark::State& state) {
  const std::string text = plumb::bench::generate(static_cast<int>(state.range(0)));
  Documents documents(plumb::stdlib::standard_stages());
  documents.open(kUri, text, 1);
  Document& document = *documents.find(kUri);
  documents.analysed(document);
  // At the start of a statement in the middle of the file: every kind of item is offered.
  const auto middle = static_cast<std::uint32_t>(document.lines.lines() / 2);
  const std::uint32_t offset = document.lines.offset(document.text, {middle, 2});
  for (auto _ : state) {
    std::string sent =
        plumb::lsp::completion(document, offset, plumb::stdlib::standard_stages()).dump();
    benchmark::DoNotOptimize(sent.data());
  }
}
BENCHMARK(BM_LspCompletion)->Arg(1'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
