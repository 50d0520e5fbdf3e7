// The embedding API's pieces for bindings such as the Python package: cancelling runs with a
// RunCancellation, run ids, diagnostics and warnings as data, a stage's stack trace reaching the
// run's error, the node's span and observers, and removing observers.
#include <atomic>
#include <chrono>
#include <thread>

#include <plumb/error.hpp>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using testing::TracedEngine;

// What the napping stage saw: naps begun, naps ended and naps woken by a cancellation.
struct Naps {
  std::atomic<int> begun{0};
  std::atomic<int> ended{0};
  std::atomic<int> woke_cancelled{0};
};

StageDef napping_stage(Naps& naps) {
  StageDef def;
  def.signature.name = "t.nap";
  def.signature.params = {Param{"seconds", Type::number(), std::nullopt, "how long"}};
  def.signature.result = Type::boolean();
  def.signature.purity = Purity::Volatile;
  def.run = [&naps](StageContext& ctx) {
    naps.begun.fetch_add(1);
    bool slept = ctx.sleep_for(ctx.float_arg("seconds"));
    if (!slept && ctx.cancelled()) naps.woke_cancelled.fetch_add(1);
    naps.ended.fetch_add(1);
    return Value::boolean(slept);
  };
  return def;
}

TEST(Api, ARunCancellationStopsARunFromAnotherThread) {
  Naps naps;
  Engine engine(EngineOptions{2, {}});
  engine.register_stage(napping_stage(naps));
  Program program = engine.compile_string("nap.pipe", R"(pipeline main() {
  a = t.nap(30.0)
  b = map x in range(100), concurrency: 1 { y = t.nap(0.0); yield y }
  return [a, b]
})");
  RunOptions options;
  options.cancel = std::make_shared<RunCancellation>();
  // Cancels once the long nap has begun and the map's 100 short ones have ended (not after a
  // fixed delay, which a slow build can overrun), so exactly the long nap is woken.
  std::thread canceller([token = options.cancel, &naps] {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while ((naps.begun.load() < 101 || naps.ended.load() < 100) &&
           std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    token->cancel("test");
  });
  auto start = std::chrono::steady_clock::now();
  Result result = program.run({}, options);
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  ASSERT_EQ(result.status, Status::Cancelled);
  EXPECT_EQ(result.error->kind, "cancelled");
  EXPECT_EQ(result.error->describe(), "pipeline `main`: the run was cancelled (test)");
  EXPECT_EQ(naps.begun.load(), 101);
  EXPECT_EQ(naps.woke_cancelled.load(), 1);
  // The token stays cancelled: a later run with it fails before any node runs.
  Result again = program.run({}, options);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error->kind, "cancelled");
  EXPECT_TRUE(again.nodes().empty());
  // Another token, not cancelled, lets a run finish.
  Program quick = engine.compile_string("quick.pipe", "pipeline main() { return t.nap(0.0) }");
  RunOptions fresh;
  fresh.cancel = std::make_shared<RunCancellation>();
  EXPECT_TRUE(quick.run({}, fresh).ok());
}

TEST(Api, ResultsCarryTheRunId) {
  TracedEngine traced;
  Program program = traced.compile("pipeline main() { x = 1 + 1\n return x }");
  Result first = program.run();
  Result second = program.run();
  ASSERT_EQ(first.run_id.size(), 16u);
  EXPECT_NE(first.run_id, second.run_id);
  bool found = false;
  for (const auto& span : traced.spans->spans()) {
    if (span.name == "main" && span.attributes.count("plumb.run.id") &&
        span.attributes.at("plumb.run.id").as_str() == first.run_id) {
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(Api, CompileErrorsListTheirDiagnostics) {
  Engine engine;
  try {
    engine.compile_string("bad.pipe", "pipeline main() {\n  a = 1 + \"x\"\n  return nope\n}");
    FAIL() << "expected a compile error";
  } catch (const CompileError& e) {
    const std::vector<Diagnostic>& d = e.diagnostics();
    ASSERT_EQ(d.size(), 2u) << e.what();
    EXPECT_EQ(d[0].file, "bad.pipe");
    EXPECT_EQ(d[0].line, 2u);
    EXPECT_EQ(d[0].severity, "error");
    EXPECT_EQ(d[0].kind, "type-mismatch");
    EXPECT_EQ(d[1].line, 3u);
    EXPECT_EQ(d[1].column, 10u);
    EXPECT_EQ(d[1].kind, "undefined-name");
  }
  try {
    engine.compile_file("/nonexistent/file.pipe");
    FAIL() << "expected a compile error";
  } catch (const CompileError& e) {
    EXPECT_TRUE(e.diagnostics().empty());
  }
}

TEST(Api, ProgramsKeepTheCompilerWarnings) {
  Engine engine;
  Program program =
      engine.compile_string("warn.pipe", "pipeline main() {\n  unused = 1 + 2\n  return 3\n}");
  ASSERT_EQ(program.warnings().size(), 1u);
  EXPECT_EQ(program.warnings()[0].kind, "unused-binding");
  EXPECT_EQ(program.warnings()[0].severity, "warning");
  EXPECT_EQ(program.warnings()[0].line, 2u);
  EXPECT_TRUE(engine.compile_string("ok.pipe", "pipeline main() { return 1 }").warnings().empty());
}

class ErrorRecorder : public Observer {
 public:
  void on_node_error(const NodeEvent& e) override { stacktrace = std::string(e.error_stacktrace); }
  std::string stacktrace;
};

TEST(Api, AStagesStackTraceReachesTheErrorTheSpanAndObservers) {
  TracedEngine traced;
  StageDef def;
  def.signature.name = "t.deep";
  def.signature.result = Type::integer();
  def.run = [](StageContext&) -> Value {
    throw StageError("t.deep: ValueError: bad", "ValueError", true, 0,
                     "Traceback: line 7 in deep\n");
  };
  traced.engine.register_stage(def);
  auto recorder = std::make_shared<ErrorRecorder>();
  traced.engine.add_observer(recorder);
  Program program = traced.compile("pipeline main() {\n  v = t.deep()\n  return v\n}");
  Result result = program.run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->kind, "ValueError");
  EXPECT_EQ(result.error->stacktrace, "Traceback: line 7 in deep\n");
  EXPECT_EQ(recorder->stacktrace, "Traceback: line 7 in deep\n");
  auto spans = traced.named("v");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].error_type, "ValueError");
  EXPECT_EQ(spans[0].error_stacktrace, "Traceback: line 7 in deep\n");
}

class Counter : public Observer {
 public:
  void on_node_end(const NodeEvent&) override { ++nodes; }
  std::atomic<int> nodes{0};
};

TEST(Api, RemovedObserversSeeNoLaterRun) {
  Engine engine;
  auto counter = std::make_shared<Counter>();
  engine.add_observer(counter);
  Program program =
      engine.compile_string("o.pipe", "pipeline main(n: int) { x = n + 1\n return x }");
  program.run({{"n", Value::integer(1)}});
  EXPECT_EQ(counter->nodes.load(), 1);
  EXPECT_TRUE(engine.remove_observer(counter));
  EXPECT_FALSE(engine.remove_observer(counter));
  program.run({{"n", Value::integer(1)}});
  EXPECT_EQ(counter->nodes.load(), 1);
}

}  // namespace
}  // namespace plumb
