// The embedding API: compiling from strings and files, binding arguments, results with
// per-node statistics, errors with their location, and stages registered by the application
// (with child spans).
#include <atomic>
#include <tuple>

#include <plumb/span.hpp>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using testing::json;
using testing::TracedEngine;

TEST(Api, RunsAProgramAndReportsEveryNode) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("double.pipe", R"(
pipeline main(xs: list[int], k: int = 2) {
  ys = map x in xs { yield x * k }
  return { ys: ys, n: len(ys) }
})");
  EXPECT_EQ(program.entry(), "main");
  EXPECT_EQ(program.parameters(), (std::vector<std::string>{"xs", "k"}));
  Value xs = Value::list(std::vector<Value>{Value::integer(1), Value::integer(2)});
  Result result = program.run({{"xs", xs}, {"k", Value::integer(10)}});
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(json(result.value), R"({"ys": [10, 20], "n": 2})");
  EXPECT_EQ(result.trace_id.size(), 32u);
  bool saw_map = false;
  for (const NodeResult& n : result.nodes()) {
    if (n.node == "ys") {
      saw_map = true;
      EXPECT_EQ(n.stage, "map");
      EXPECT_EQ(n.runs, 1u);
      EXPECT_EQ(n.line, 3u);
    }
  }
  EXPECT_TRUE(saw_map);
  EXPECT_NE(result.summary().find("status   ok"), std::string::npos);
}

TEST(Api, NodeStatisticsOutliveTheProgram) {
  Result result;
  {
    Engine engine;
    Program program = engine.compile_string("scope.pipe", R"(pipeline main(xs: list[int]) {
  doubled = map x in xs { yield x * 2 }
  return doubled
})");
    result = program.run({{"xs", Value::list(std::vector<Value>{Value::integer(21)})}});
  }
  ASSERT_TRUE(result.ok()) << result.error->describe();
  const std::vector<NodeResult> nodes = result.nodes();
  ASSERT_FALSE(nodes.empty());
  EXPECT_EQ(nodes.front().pipeline, "main");
  EXPECT_EQ(nodes.front().file, "scope.pipe");
  EXPECT_NE(result.summary().find("scope.pipe"), std::string::npos);
}

TEST(Api, RejectsBadArguments) {
  Engine engine;
  Program program = engine.compile_string("args.pipe", "pipeline main(n: int) { return n }");
  EXPECT_THROW(program.run({}), ArgumentError);
  EXPECT_THROW(program.run({{"n", Value::string("x")}}), ArgumentError);
  EXPECT_THROW(program.run({{"n", Value::integer(1)}, {"m", Value::integer(2)}}), ArgumentError);
  RunOptions bad;
  bad.traceparent = "00-zz-01";
  EXPECT_THROW(program.run({{"n", Value::integer(1)}}, bad), ArgumentError);
}

TEST(Api, CompileErrorsCarryTheDiagnostics) {
  Engine engine;
  try {
    engine.compile_string("bad.pipe", "pipeline main() { return nope }");
    FAIL() << "expected a compile error";
  } catch (const CompileError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.pipe:1:26: error: "), std::string::npos) << e.what();
  }
  EXPECT_THROW(engine.compile_file("/nonexistent/file.pipe"), CompileError);
  EXPECT_THROW(
      engine.compile_string("two.pipe", "pipeline a() { return 1 }\npipeline b() { return 2 }"),
      CompileError);
  EXPECT_EQ(json(engine
                     .compile_string("two.pipe",
                                     "pipeline a() { return 1 }\npipeline b() { return 2 }", "b")
                     .run()
                     .value),
            "2");
}

// The line counting the diagnostics left out of the message speaks the embedder's words, not
// the command line's (it used to say `--max-diagnostics 0`, a flag an embedder does not have).
TEST(Api, CompileErrorsSayHowToSeeTheDiagnosticsLeftOut) {
  std::string program = "pipeline main() {\n";
  for (int i = 0; i < 25; ++i)
    program += "  x" + std::to_string(i) + " = nope" + std::to_string(i) + "\n";
  program += "  return 1\n}\n";
  Engine engine;
  try {
    engine.compile_string("many.pipe", program);
    FAIL() << "expected a compile error";
  } catch (const CompileError& e) {
    const std::string text = e.what();
    EXPECT_NE(text.find("5 more errors not shown (CompileError::diagnostics() has them all)"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("--max-diagnostics"), std::string::npos) << text;
    EXPECT_EQ(e.diagnostics().size(), 25u);
  }
  EngineOptions options;
  options.limits.how_to_show_all = "set max_errors=0 to see them all";
  Engine worded(options);
  try {
    worded.compile_string("many.pipe", program);
    FAIL() << "expected a compile error";
  } catch (const CompileError& e) {
    EXPECT_NE(std::string(e.what()).find("not shown (set max_errors=0 to see them all)"),
              std::string::npos)
        << e.what();
  }
}

TEST(Api, RunTimeErrorsNameTheNode) {
  Engine engine;
  Program program = engine.compile_string("fail.pipe", R"(pipeline main(d: int = 0) {
  q = 10 // d
  return q
})");
  Result result = program.run();
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->kind, "division_by_zero");
  EXPECT_EQ(result.error->node, "q");
  EXPECT_EQ(result.error->pipeline, "main");
  EXPECT_EQ(result.error->file, "fail.pipe");
  EXPECT_EQ(result.error->line, 2u);
  EXPECT_EQ(result.error->message, "division by zero");
}

StageDef lookup_stage(std::atomic<int>& calls) {
  StageDef def;
  def.signature.name = "db.lookup";
  def.signature.params = {Param{"key", Type::string(), std::nullopt, "the key"}};
  def.signature.result = Type::string();
  def.signature.purity = Purity::Volatile;
  def.signature.version = "2";
  def.signature.summary = "look a key up";
  def.run = [&calls](StageContext& ctx) {
    calls.fetch_add(1);
    Span span("db.query");
    span.set("db.rows", std::int64_t{1});
    std::string key(ctx.str_arg("key"));
    if (key == "missing") ctx.fail("no row for `missing`");
    return Value::string("value of " + key);
  };
  return def;
}

TEST(Api, ApplicationStagesRunWithChildSpans) {
  std::atomic<int> calls{0};
  TracedEngine traced;
  traced.engine.register_stage(lookup_stage(calls));
  Program program = traced.compile(R"(pipeline main() {
  a = db.lookup("x")
  b = db.lookup(key: "y")
  return [a, b]
})");
  Result result = program.run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(json(result.value), R"(["value of x", "value of y"])");
  EXPECT_EQ(calls.load(), 2);
  auto queries = traced.named("db.query");
  ASSERT_EQ(queries.size(), 2u);
  auto a = traced.named("a");
  ASSERT_EQ(a.size(), 1u);
  bool under_a = queries[0].parent_id == a[0].span_id || queries[1].parent_id == a[0].span_id;
  EXPECT_TRUE(under_a);
  EXPECT_EQ(queries[0].attributes.at("db.rows").as_int(), 1);
  EXPECT_EQ(json(a[0].attributes.at("plumb.stage")), "\"db.lookup\"");
}

// Runs `source` (file m.pipe) on an engine with the lookup stage; results outlive the engine.
Result run_with_lookup(const std::string& source) {
  std::atomic<int> calls{0};
  Engine engine;
  engine.register_stage(lookup_stage(calls));
  return engine.compile_string("m.pipe", source).run();
}

TEST(Api, ApplicationStageFailuresFailTheRun) {
  Result result = run_with_lookup("pipeline main() {\n  r = db.lookup(\"missing\")\n  return r\n}");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->stage, "db.lookup");
  EXPECT_EQ(result.error->node, "r");
  EXPECT_EQ(result.error->line, 2u);
  EXPECT_NE(result.error->message.find("no row for `missing`"), std::string::npos);
}

// The run's error and the failed node's result name the node with the same NodeSite, the
// column included.
TEST(Api, TheErrorAndTheNodeResultGiveTheSameSite) {
  Result result =
      run_with_lookup("pipeline main() {\n  r =   db.lookup(\"missing\")\n  return r\n}");
  ASSERT_FALSE(result.ok());
  const NodeSite& error = result.error->site();
  EXPECT_EQ(error.pipeline, "main");
  EXPECT_EQ(error.node, "r");
  EXPECT_EQ(error.stage, "db.lookup");
  EXPECT_EQ(error.file, "m.pipe");
  EXPECT_EQ(error.line, 2u);
  EXPECT_EQ(error.col, 9u);
  const std::vector<NodeResult> nodes = result.nodes();
  ASSERT_EQ(nodes.size(), 1u);
  const NodeSite& node = nodes[0].site();
  EXPECT_EQ(std::tie(node.pipeline, node.node, node.stage, node.file, node.line, node.col),
            std::tie(error.pipeline, error.node, error.stage, error.file, error.line, error.col));
  EXPECT_EQ(nodes[0].failures, 1u);
}

TEST(Api, RegisteringAStageTwiceIsAnError) {
  std::atomic<int> calls{0};
  Engine engine;
  engine.register_stage(lookup_stage(calls));
  EXPECT_THROW(engine.register_stage(lookup_stage(calls)), std::invalid_argument);
}

}  // namespace
}  // namespace plumb
