// Spans recorded for a run, read from the in-memory exporter: one trace, unique ids, parents
// that exist (also across worker threads), the attributes every span must carry, and the
// status and exception of failed nodes.
#include <set>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using telemetry::RecordedSpan;

void expect_well_formed(const std::vector<RecordedSpan>& spans) {
  std::map<std::uint64_t, const RecordedSpan*> by_id;
  for (const RecordedSpan& s : spans) {
    EXPECT_TRUE(by_id.emplace(s.span_id, &s).second) << "duplicate span id in " << s.name;
    EXPECT_LE(s.start_ns, s.end_ns) << s.name;
  }
  int roots = 0;
  for (const RecordedSpan& s : spans) {
    EXPECT_EQ(s.trace, spans.front().trace) << s.name;
    if (s.parent_id == 0) {
      ++roots;
      continue;
    }
    auto parent = by_id.find(s.parent_id);
    ASSERT_NE(parent, by_id.end()) << s.name << " has no parent in the trace";
    EXPECT_LE(parent->second->start_ns, s.start_ns) << s.name;
    EXPECT_GE(parent->second->end_ns, s.end_ns) << s.name;
  }
  EXPECT_EQ(roots, 1);
}

TEST(Spans, EveryNodeHasAWellFormedSpan) {
  testing::TracedEngine traced(2);
  Program program = traced.compile(R"(pipeline main() {
  xs = range(0, 200)
  ys = map x in xs { yield text.words("a b ${x}") }
  n = len(ys)
  return n
})");
  Result result = program.run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  auto spans = traced.spans->spans();
  expect_well_formed(spans);
  EXPECT_EQ(traced.named("ys.item").size(), 200u);
  auto words = traced.named("yield#3");
  EXPECT_EQ(words.size(), 200u);
  std::set<std::uint32_t> threads;
  for (const RecordedSpan& s : traced.named("ys.item"))
    threads.insert(s.thread);
  EXPECT_GE(threads.size(), 1u);
  auto map = traced.named("ys");
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(map[0].attributes.at("plumb.items.in").as_int(), 200);
  EXPECT_EQ(map[0].attributes.at("plumb.items.out").as_int(), 200);
  for (const char* key : {"plumb.pipeline", "plumb.node", "plumb.stage", "plumb.backend",
                          "code.file.path", "code.line.number"}) {
    EXPECT_TRUE(map[0].attributes.count(key)) << key;
  }
  EXPECT_EQ(testing::json(map[0].attributes.at("plumb.backend")), "\"interp\"");
  EXPECT_EQ(map[0].attributes.at("code.line.number").as_int(), 3);
}

TEST(Spans, FailedNodesCarryTheException) {
  testing::TracedEngine traced;
  Program program = traced.compile(
      "pipeline main() {\n  @retry(attempts: 2, backoff: 1ms)\n  b = sys.fail(\"nope\")\n}");
  Result result = program.run();
  ASSERT_FALSE(result.ok());
  auto attempts = traced.named("b");
  ASSERT_EQ(attempts.size(), 2u);
  for (const RecordedSpan& s : attempts) {
    EXPECT_TRUE(s.error);
    EXPECT_EQ(s.error_type, "stage_error");
    EXPECT_NE(s.error_message.find("nope"), std::string::npos);
  }
  std::set<std::int64_t> numbers;
  for (const RecordedSpan& s : attempts)
    numbers.insert(s.attributes.at("plumb.retry.attempt").as_int());
  EXPECT_EQ(numbers, (std::set<std::int64_t>{1, 2}));
  auto run = traced.named("main");
  ASSERT_EQ(run.size(), 1u);
  EXPECT_TRUE(run[0].error);
  expect_well_formed(traced.spans->spans());
}

// A node run inline right after its only predecessor starts when the predecessor ended: the
// executor reads the clock once per node of a chain, and the chain's spans are contiguous.
TEST(Spans, AChainOfExpressionsHasContiguousSpans) {
  testing::TracedEngine traced(1);
  Program program = traced.compile(R"(pipeline main(n: int = 3) {
  a = n * 2
  b = a + 1
  c = b * b
  return c
})");
  Result result = program.run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  expect_well_formed(traced.spans->spans());
  auto a = traced.named("a");
  auto b = traced.named("b");
  auto c = traced.named("c");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(b[0].start_ns, a[0].end_ns);
  EXPECT_EQ(c[0].start_ns, b[0].end_ns);
}

TEST(Spans, ARunContinuesTheCallersTrace) {
  testing::TracedEngine traced;
  Program program = traced.compile("pipeline main() {\n  log.debug(\"x\")\n}");
  RunOptions options;
  options.traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  Result result = program.run({}, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.trace_id, "0af7651916cd43dd8448eb211c80319c");
  auto run = traced.named("main");
  ASSERT_EQ(run.size(), 1u);
  EXPECT_EQ(run[0].parent_id, 0xb7ad6b7169203331ull);
}

// trace.set and trace.event reach the span around them (the run's, a nested call's named by
// @span, an item's, an if's), record no span of their own, and leave nothing behind for a
// span that is not recorded (an item that @trace leaves out).
TEST(Spans, TraceStagesAnnotateTheSpanAroundThem) {
  testing::TracedEngine traced(2);
  Program program = traced.compile(R"(pipeline load(n: int) -> int {
  trace.set(rows: n, source: "s3")
  trace.event("warm", size: n * 2)
  return n
}
pipeline main() {
  @span("load phase")
  got = load(4)
  trace.set(total: got, extra: {a: 1})
  @trace(items: "sample", rate: 0.000001)
  quiet = map x in range(0, 50) { trace.set(x: x); yield x }
  @trace(items: "all")
  loud = map x in range(0, 3) {
    if x > 0 { trace.set(positive: true) }
    trace.event("item", x: x)
    yield x
  }
  return got + len(quiet) + len(loud)
})");
  Result result = program.run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  expect_well_formed(traced.spans->spans());
  for (const RecordedSpan& s : traced.spans->spans()) {
    auto stage = s.attributes.find("plumb.stage");
    if (stage != s.attributes.end()) {
      EXPECT_FALSE(stage->second.as_str().starts_with("trace.")) << s.name;
    }
  }
  auto call = traced.named("load phase");
  ASSERT_EQ(call.size(), 1u);
  EXPECT_EQ(call[0].attributes.at("plumb.node"), Value::string("got"));
  EXPECT_EQ(call[0].attributes.at("rows"), Value::integer(4));
  EXPECT_EQ(call[0].attributes.at("source"), Value::string("s3"));
  ASSERT_EQ(call[0].events.size(), 1u);
  EXPECT_EQ(call[0].events[0].name, "warm");
  EXPECT_EQ(call[0].events[0].attributes.at("size"), Value::integer(8));
  EXPECT_GE(call[0].events[0].time_ns, call[0].start_ns);
  EXPECT_LE(call[0].events[0].time_ns, call[0].end_ns);
  auto run = traced.named("main");
  ASSERT_EQ(run.size(), 1u);
  EXPECT_EQ(run[0].attributes.at("total"), Value::integer(4));
  EXPECT_EQ(run[0].attributes.at("extra"), Value::string("{\"a\": 1}"));
  EXPECT_TRUE(traced.named("quiet.item").empty());
  auto items = traced.named("loud.item");
  ASSERT_EQ(items.size(), 3u);
  for (const RecordedSpan& item : items) {
    ASSERT_EQ(item.events.size(), 1u);
    EXPECT_EQ(item.events[0].attributes.at("x"), item.attributes.at("plumb.item.index"));
  }
  std::size_t positive = 0;
  for (const RecordedSpan& s : traced.spans->spans())
    positive += s.attributes.count("positive");
  EXPECT_EQ(positive, 2u);  // on the `if` spans of items 1 and 2
}

}  // namespace
}  // namespace plumb
