// The JIT's region functions: a map body of pure expressions gets one compiled function that
// the executor calls per item. These tests compile a program, find the body's code in the
// native plan and call it through the C ABI the executor uses: a result for a good item, a
// bail-out (nonzero, nothing written) for an item that overflows, and no region code for a
// body that calls a stage. Through the embedding API, observers still see every item of a
// compiled body.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include <plumb/plumb.hpp>

#include "compiler/driver/compilation.hpp"
#include "compiler/passes/pipeline.hpp"
#include "runtime/exec/plan.hpp"
#include "runtime/jit/jit.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb::jit {
namespace {

std::shared_ptr<const exec::Plan> plan_of(const std::string& source) {
  driver::Compilation compilation(stdlib::standard_stages());
  driver::CompileOptions options;
  options.file = "test.pipe";
  options.source = source;
  if (!compilation.compile(options)) return nullptr;
  return exec::make_plan(compilation.take_module());
}

// The body region of the program's only map or filter.
const exec::RegionPlan& body(const exec::Plan& plan) {
  for (const exec::RegionPlan& region : plan.regions) {
    if (region.depth == 1) return region;
  }
  throw std::runtime_error("no map body");
}

std::int32_t call(const exec::RegionPlan& region, const Value& item, Value& out) {
  const Value* inputs[] = {&item};
  return region.native.function(region.native.state, inputs, &out);
}

TEST(JitRegion, MapBodyRunsAsOneFunctionWithoutBuildingTheRecord) {
  auto plan = plan_of(R"(
pipeline main(n: int = 3) {
  out = map i in range(0, n) {
    r = { a: i * 3, b: i * 0.5 }
    yield r.a > r.b * 10.0 ? r.a : -r.a
  }
  return out
}
)");
  ASSERT_TRUE(plan);
  Engine engine(Options{0, ""});
  auto native = engine.compile(plan);
  const exec::RegionPlan& region = body(*native);
  ASSERT_NE(region.native.function, nullptr);
  ASSERT_EQ(region.free_inputs.size(), 1u);
  Value out;
  ASSERT_EQ(call(region, Value::integer(4), out), 0);
  EXPECT_EQ(out.as_int(), -12);  // 12 > 20.0 is false
  ASSERT_EQ(call(region, Value::integer(-4), out), 0);
  EXPECT_EQ(out.as_int(), -12);                     // -12 > -20.0
  EXPECT_EQ(body(*plan).native.function, nullptr);  // the interpreter's plan is unchanged
}

TEST(JitRegion, OverflowBailsOutAndLeavesTheResultAlone) {
  auto plan = plan_of(R"(
pipeline main(n: int = 3) {
  out = map i in range(0, n) { yield i * 4611686018427387904 }
  return out
}
)");
  ASSERT_TRUE(plan);
  Engine engine(Options{2, ""});
  auto native = engine.compile(plan);
  const exec::RegionPlan& region = body(*native);
  ASSERT_NE(region.native.function, nullptr);
  Value out;
  ASSERT_EQ(call(region, Value::integer(1), out), 0);
  EXPECT_EQ(out.as_int(), 4611686018427387904);
  Value untouched = Value::string("untouched");
  EXPECT_NE(call(region, Value::integer(2), untouched), 0);
  EXPECT_EQ(untouched.as_str(), "untouched");
  EXPECT_NE(call(region, Value::string("not an int"), untouched), 0);
}

TEST(JitRegion, BodiesWithStageCallsHaveNoRegionCode) {
  auto plan = plan_of(R"(
pipeline main(n: int = 3) {
  out = map i in range(0, n) { yield text.words("x ${i}") }
  return out
}
)");
  ASSERT_TRUE(plan);
  Engine engine(Options{0, ""});
  EXPECT_EQ(body(*engine.compile(plan)).native.function, nullptr);
}

// Counts map item events; the executor calls it from its workers.
class ItemCounter : public Observer {
 public:
  void on_map_item_start(const MapItemEvent&) override { ++started; }
  void on_map_item_end(const MapItemEvent& event) override {
    if (event.ok) ++ended;
  }
  std::atomic<int> started{0};
  std::atomic<int> ended{0};
};

TEST(JitRegion, ObserversSeeEveryItemOfACompiledBody) {
  EngineOptions options;
  options.telemetry.enabled = false;
  options.execution.backend = Backend::Jit;
  plumb::Engine engine(options);
  auto counter = std::make_shared<ItemCounter>();
  engine.add_observer(counter);
  Program program = engine.compile_string("observed.pipe", R"(
pipeline main(n: int = 2000) {
  out = map i in range(0, n) { yield { a: i * 2 }.a + 1 }
  return sum(out)
}
)");
  Result result = program.run({});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value.as_int(), 2000 * 1999 + 2000);
  EXPECT_EQ(counter->started.load(), 2000);
  EXPECT_EQ(counter->ended.load(), 2000);
}

}  // namespace
}  // namespace plumb::jit
