// Recording runs through the embedding API: what a run leaves in the store (its row, program,
// nodes, spans, logs), failed runs, secrets, the span cap, the result cap, run references,
// and concurrent writers on one SQLite file.
#include <set>
#include <thread>

#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::recording_into;
using testing::TempDir;

constexpr const char* kProgram = R"(pipeline main(xs: list[int], api_key: str = "sk-secret-1") {
  doubled = map x in xs { yield x * 2 }
  total = sum(doubled)
  return { total: total, password: "hunter2", items: doubled }
})";

TEST(Recording, ARunLeavesItsRowProgramNodesAndSpans) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program program = engine.compile_string("double.pipe", kProgram);
  Value xs = Value::list(std::vector<Value>{Value::integer(1), Value::integer(2)});
  Result result = program.run({{"xs", xs}});
  ASSERT_TRUE(result.ok());

  const std::vector<StoredRun> runs = store->runs();
  ASSERT_EQ(runs.size(), 1u);
  const StoredRun run = store->run("last");
  EXPECT_EQ(run.id, runs[0].id);
  EXPECT_EQ(run.id.size(), 26u);
  EXPECT_EQ(run.status, RunStatus::Ok);
  EXPECT_EQ(run.pipeline, "main");
  EXPECT_EQ(run.file, "double.pipe");
  EXPECT_EQ(run.trace_id, result.trace_id);
  EXPECT_EQ(run.args, R"({"xs": [1, 2], "api_key": "[REDACTED]"})");
  EXPECT_EQ(run.result, R"({"total": 6, "password": "[REDACTED]", "items": [2, 4]})");
  EXPECT_EQ(run.backend, "interp");
  EXPECT_EQ(run.threads, 2);
  EXPECT_GT(run.ended_ns, run.started_ns);
  EXPECT_FALSE(run.error);
  EXPECT_EQ(static_cast<std::uint64_t>(run.spans), result.spans);
  EXPECT_EQ(run.spans_left_out, 0);

  const std::vector<StoredFile> files = store->files(run.id);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].text, kProgram);

  const std::vector<StoredNode> nodes = store->nodes(run.id);
  const StoredNode* map = nullptr;
  const StoredNode* body = nullptr;
  for (const StoredNode& n : nodes) {
    if (n.identity == "main/doubled") map = &n;
    if (n.identity == "main/doubled/yield#1") body = &n;
  }
  ASSERT_NE(map, nullptr);
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(map->kind, "map");
  EXPECT_TRUE(map->ran);
  EXPECT_EQ(map->runs, 1u);
  EXPECT_EQ(map->items, 2u);
  EXPECT_EQ(map->line, 2u);
  EXPECT_EQ(body->parent, map->node);
  EXPECT_EQ(body->runs, 2u);
  EXPECT_GE(body->max_ns, body->p50_ns);

  // Every span but the run's has a recorded parent; node spans name their node.
  const std::vector<StoredSpan> spans = store->spans(run.id);
  ASSERT_EQ(spans.size(), result.spans);
  std::set<std::uint64_t> ids;
  for (const StoredSpan& s : spans)
    ids.insert(s.span_id);
  int roots = 0;
  for (const StoredSpan& s : spans) {
    if (s.kind == "run") {
      ++roots;
      EXPECT_EQ(s.parent_id, 0u);
    } else {
      EXPECT_TRUE(ids.count(s.parent_id)) << s.kind;
    }
    if (s.kind == "node") {
      EXPECT_TRUE(s.node.has_value());
    }
    if (s.kind == "item") {
      EXPECT_GE(s.item, 0);
    }
  }
  EXPECT_EQ(roots, 1);
}

TEST(Recording, AFailedRunKeepsItsErrorAndTheNodesThatRan) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program program = engine.compile_string("fail.pipe", R"(pipeline main(n: int = 0) {
  a = 10
  b = a / n
  return b
})");
  Result result = program.run();
  ASSERT_FALSE(result.ok());
  const StoredRun run = store->run("last-failed");
  EXPECT_EQ(run.status, RunStatus::Failed);
  ASSERT_TRUE(run.error);
  EXPECT_EQ(run.error->node, "b");
  EXPECT_EQ(run.error->file, "fail.pipe");
  EXPECT_EQ(run.error->line, 3u);
  EXPECT_EQ(run.error->describe(), result.error->describe());
  EXPECT_TRUE(run.result.empty());
  EXPECT_EQ(run.nodes_failed, 1);
  for (const StoredNode& n : store->nodes(run.id)) {
    if (n.name == "b") {
      EXPECT_EQ(n.failures, 1u);
      EXPECT_FALSE(n.error.empty());
    }
  }
}

TEST(Recording, WarningLogsAreKeptWithSecretsRedacted) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program program = engine.compile_string("logs.pipe", R"(pipeline main() {
  log.info("quiet", n: 1)
  log.warn("loud", token: "abc123", n: 2)
  return 1
})");
  ASSERT_TRUE(program.run().ok());
  const StoredRun run = store->run("last");
  const std::vector<StoredLog> logs = store->logs(run.id);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].level, "warn");
  EXPECT_EQ(logs[0].message, "loud");
  EXPECT_EQ(logs[0].fields, R"({"token": "[REDACTED]", "n": 2})");
  EXPECT_EQ(logs[0].pipeline, "main");
}

TEST(Recording, SpansBeyondTheCapAreSampledAndCounted) {
  TempDir dir;
  StoreOptions options;
  options.max_spans_per_run = 50;
  auto store = RunStore::open(dir.file("runs.db"), options);
  Engine engine(recording_into(store));
  Program program = engine.compile_string("many.pipe", R"(pipeline main() {
  @trace(items: "all")
  ys = map x in range(2000) { yield x + 1 }
  return len(ys)
})");
  Result result = program.run();
  ASSERT_TRUE(result.ok());
  const StoredRun run = store->run("last");
  EXPECT_GE(run.spans, 50);
  EXPECT_LT(run.spans, 50 + 100);  // 1 in 100 of the rest, and the run span
  EXPECT_EQ(static_cast<std::uint64_t>(run.spans + run.spans_left_out), result.spans);
  EXPECT_EQ(store->spans(run.id).size(), static_cast<std::size_t>(run.spans));
  bool run_span = false;
  for (const StoredSpan& s : store->spans(run.id))
    run_span = run_span || s.kind == "run";
  EXPECT_TRUE(run_span);
}

TEST(Recording, ALargeResultIsCutAndMarked) {
  TempDir dir;
  StoreOptions options;
  options.max_result_bytes = 64;
  auto store = RunStore::open(dir.file("runs.db"), options);
  Engine engine(recording_into(store));
  Program program = engine.compile_string("big.pipe", R"(pipeline main() {
  return range(100)
})");
  ASSERT_TRUE(program.run().ok());
  const StoredRun run = store->run("last");
  EXPECT_TRUE(run.result_truncated);
  EXPECT_GT(run.result_bytes, 64);
  EXPECT_LE(run.result.size(), 64u + 3);  // and `...`
  EXPECT_EQ(run.result.substr(0, 8), "[0, 1, 2");
}

TEST(Recording, RunReferences) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program ok = engine.compile_string("ok.pipe", "pipeline main() { return 1 }");
  Program bad = engine.compile_string("bad.pipe", "pipeline main(n: int = 0) { return 1 / n }");
  ASSERT_TRUE(ok.run().ok());
  ASSERT_FALSE(bad.run().ok());
  ASSERT_TRUE(ok.run().ok());
  const std::vector<StoredRun> runs = store->runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(store->run("last").id, runs[0].id);
  EXPECT_EQ(store->run("last-failed").id, runs[1].id);
  EXPECT_EQ(store->run(runs[2].id).id, runs[2].id);
  // Lower case and prefixes work; the first character is shared by every run of this century.
  std::string lower = runs[1].id;
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(store->run(lower).id, runs[1].id);
  try {
    store->run("0");
    FAIL() << "an ambiguous prefix was accepted";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("run prefix `0` is ambiguous"), std::string::npos);
  }
  try {
    store->run("ZZZZ");
    FAIL() << "an unknown run was found";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), "no run `ZZZZ` in " + dir.file("runs.db"));
  }
  StoreOptions options;
  auto empty = RunStore::open(dir.file("empty.db"), options);
  EXPECT_THROW(empty->run("last"), StoreError);
  EXPECT_THROW(empty->run("last-failed"), StoreError);
}

TEST(Recording, TwoProcessesWorthOfWritersOnOneFile) {
  // Each thread has its own store connection and engine, like two `plumb run`s.
  TempDir dir;
  const std::string path = dir.file("runs.db");
  RunStore::open(path);
  auto work = [&] {
    auto store = RunStore::open(path);
    Engine engine(recording_into(store, 1));
    Program program = engine.compile_string("w.pipe", R"(pipeline main() {
  @trace(items: "all")
  ys = map x in range(200) { yield x * 3 }
  return len(ys)
})");
    for (int i = 0; i < 8; ++i)
      EXPECT_TRUE(program.run().ok());
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  auto store = RunStore::open(path);
  RunFilter all;
  all.limit = 0;
  const std::vector<StoredRun> runs = store->runs(all);
  ASSERT_EQ(runs.size(), 16u);
  for (const StoredRun& r : runs) {
    EXPECT_EQ(r.status, RunStatus::Ok);
    EXPECT_EQ(r.spans_left_out, 0);
    EXPECT_EQ(store->spans(r.id).size(), static_cast<std::size_t>(r.spans));
  }
}

}  // namespace
}  // namespace plumb
