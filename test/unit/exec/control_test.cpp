// Scheduling and control of a run, observed through application stages: independent nodes run
// in parallel, `concurrency:` caps a map, a failure cancels running siblings (which see
// `cancelled()`), also among the nodes of a wide fan-out (spread over the workers in halves),
// wide joins wait for every predecessor (from workers and from I/O continuations alike),
// `@timeout` fails a node without waiting for it, and effects keep their order. Time bounds
// here are generous limits on promptness, not speed measurements.
#include <chrono>
#include <filesystem>
#include <thread>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// `probe.enter(id)`: counts how many calls run at once, holding each for `hold` seconds.
struct Probe {
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  std::atomic<int> saw_cancel{0};

  StageDef stage(double hold) {
    StageDef def;
    def.signature.name = "probe.enter";
    def.signature.params = {Param{"id", Type::integer(), std::nullopt, "an id"}};
    def.signature.result = Type::integer();
    def.signature.purity = Purity::Volatile;
    def.run = [this, hold](StageContext& ctx) {
      int now = running.fetch_add(1) + 1;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      if (!ctx.sleep_for(hold)) saw_cancel.fetch_add(1);
      running.fetch_sub(1);
      return Value::integer(ctx.int_arg("id"));
    };
    return def;
  }
};

// `probe.fail_after(seconds)`: a volatile stage that waits, then fails.
StageDef failing_stage() {
  StageDef def;
  def.signature.name = "probe.fail_after";
  def.signature.params = {Param{"seconds", Type::number(), std::nullopt, "the wait"}};
  def.signature.result = Type::null();
  def.signature.purity = Purity::Volatile;
  def.run = [](StageContext& ctx) -> Value {
    ctx.sleep_for(ctx.float_arg("seconds"));
    ctx.fail("gave up");
  };
  return def;
}

TEST(Control, IndependentNodesRunInParallel) {
  Engine engine(EngineOptions{2, {}});
  auto start = Clock::now();
  Result result = engine
                      .compile_string("par.pipe", R"(pipeline main() {
  a = sys.sleep(0.4)
  b = sys.sleep(0.4)
  return [a, b]
})")
                      .run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_LT(seconds_since(start), 0.75);
}

TEST(Control, ConcurrencyCapsAMap) {
  Probe probe;
  Engine engine(EngineOptions{4, {}});
  engine.register_stage(probe.stage(0.02));
  Result result = engine
                      .compile_string("cap.pipe", R"(pipeline main() {
  ys = map i in range(0, 12), concurrency: 2 { yield probe.enter(i) }
  return ys
})")
                      .run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(testing::json(result.value), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]");
  EXPECT_LE(probe.peak.load(), 2);
  EXPECT_GE(probe.peak.load(), 1);
}

TEST(Control, AFailureCancelsRunningSiblings) {
  Probe probe;
  Engine engine(EngineOptions{2, {}});
  engine.register_stage(probe.stage(20.0));
  engine.register_stage(failing_stage());
  auto start = Clock::now();
  Result result = engine
                      .compile_string("cancel.pipe", R"(pipeline main() {
  slow = probe.enter(1)
  bad = probe.fail_after(0.2)
  return [slow, bad]
})")
                      .run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->node, "bad");
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_EQ(probe.saw_cancel.load(), 1);
}

// 20 parameters (the region's roots) feed 200 nodes (one parameter's successors), joined in
// pairs, then summed: every node runs once and every join waits for both of its inputs.
TEST(Control, WideFanOutsRunEveryNodeOnceAndJoin) {
  constexpr int kRoots = 20;
  constexpr int kWide = 200;
  std::string source = "pipeline main(";
  for (int r = 0; r < kRoots; ++r)
    source += (r ? ", p" : "p") + std::to_string(r) + ": int = " + std::to_string(r);
  source += ") {\n";
  std::string roots_sum = "p0";
  for (int r = 1; r < kRoots; ++r)
    roots_sum += " + p" + std::to_string(r);
  source += "  base = " + roots_sum + "\n";
  for (int i = 0; i < kWide; ++i)
    source += "  y" + std::to_string(i) + " = base * " + std::to_string(i) + "\n";
  std::string pairs;
  for (int j = 0; j < kWide / 2; ++j) {
    source += "  z" + std::to_string(j) + " = y" + std::to_string(2 * j) + " - y" +
              std::to_string(2 * j + 1) + "\n";
    pairs += (j ? ", z" : "z") + std::to_string(j);
  }
  source += "  return sum([" + pairs + "])\n}\n";
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("wide.pipe", source);
  const std::int64_t base = kRoots * (kRoots - 1) / 2;
  for (int run = 0; run < 20; ++run) {
    Result result = program.run();
    ASSERT_TRUE(result.ok()) << result.error->describe();
    EXPECT_EQ(result.value.as_int(), -base * kWide / 2);
    std::size_t wide_nodes = 0;
    for (const NodeResult& node : result.nodes()) {
      EXPECT_EQ(node.runs, 1u) << node.node;
      if (node.node[0] == 'y' || node.node[0] == 'z') ++wide_nodes;
    }
    EXPECT_EQ(wide_nodes, kWide + kWide / 2);
  }
}

// 24 stage calls that end on the I/O threads meet in one list: the join is counted down from
// continuations as well as from workers.
TEST(Control, AWideJoinOfStageCallsWaitsForEveryCall) {
  Probe probe;
  Engine engine(EngineOptions{2, {}});
  engine.register_stage(probe.stage(0.01));
  std::string source = "pipeline main(n: int = 0) {\n";
  std::string all;
  std::string expected;
  for (int i = 0; i < 24; ++i) {
    source += "  s" + std::to_string(i) + " = probe.enter(n + " + std::to_string(i) + ")\n";
    all += (i ? ", s" : "s") + std::to_string(i);
    expected += (i ? ", " : "") + std::to_string(i);
  }
  source += "  return [" + all + "]\n}\n";
  Program program = engine.compile_string("wide_join.pipe", source);
  for (int run = 0; run < 5; ++run) {
    Result result = program.run();
    ASSERT_TRUE(result.ok()) << result.error->describe();
    EXPECT_EQ(testing::json(result.value), "[" + expected + "]");
  }
}

TEST(Control, AFailureInAWideFanOutCancelsTheRest) {
  Probe probe;
  Engine engine(EngineOptions{2, {}});
  engine.register_stage(probe.stage(20.0));
  engine.register_stage(failing_stage());
  std::string source = "pipeline main(n: int = 1) {\n";
  std::string all;
  for (int i = 0; i < 40; ++i) {
    source += "  s" + std::to_string(i) + " = probe.enter(n + " + std::to_string(i) + ")\n";
    all += "s" + std::to_string(i) + ", ";
  }
  source += "  bad = probe.fail_after(0.2 * n)\n  return [" + all + "bad]\n}\n";
  auto start = Clock::now();
  Result result = engine.compile_string("wide_cancel.pipe", source).run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->node, "bad");
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_GE(probe.saw_cancel.load(), 1);
  EXPECT_EQ(probe.running.load(), 0);
}

TEST(Control, TimeoutFailsTheNodePromptly) {
  Probe probe;
  Engine engine(EngineOptions{2, {}});
  engine.register_stage(probe.stage(20.0));
  auto start = Clock::now();
  Result result = engine
                      .compile_string("timeout.pipe", R"(pipeline main() {
  @timeout(150ms)
  slow = probe.enter(1)
  return slow
})")
                      .run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error->kind, "timeout");
  EXPECT_LT(seconds_since(start), 5.0);
}

TEST(Control, EffectsKeepTheirOrder) {
  auto dir = std::filesystem::temp_directory_path() / ("plumb_order_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("order.pipe", R"(pipeline main(dir: str) {
  w1 = io.write_text("${dir}/f.txt", "first")
  r1 = io.read_text("${dir}/f.txt")
  w2 = io.write_text("${dir}/f.txt", "second")
  r2 = io.read_text("${dir}/f.txt")
  return [r1, r2]
})");
  for (int i = 0; i < 20; ++i) {
    Result result = program.run({{"dir", Value::string(dir.string())}});
    ASSERT_TRUE(result.ok()) << result.error->describe();
    EXPECT_EQ(testing::json(result.value), R"(["first", "second"])");
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace plumb
