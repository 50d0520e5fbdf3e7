// A concurrency stress test, meant for ThreadSanitizer (CI builds it with
// -DPLUMB_SANITIZE=thread): one Program run from several threads at once, each run with
// parallel maps, nested pipelines, a wide fan-out with joins, branches, loops, spans into an
// exporter, observers, and runs that fail and cancel their siblings.
#include <thread>

#include <plumb/observer.hpp>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

class CountingObserver : public Observer {
 public:
  void on_node_end(const NodeEvent&) override { nodes.fetch_add(1, std::memory_order_relaxed); }
  void on_map_item_end(const MapItemEvent& e) override {
    auto seen = e.context.store().get("n");
    e.context.store().set("n", Value::integer(seen ? seen->as_int() + 1 : 1));
  }
  std::atomic<std::uint64_t> nodes{0};
};

// 64 nodes fed by one parameter (spread over the workers in halves), joined in pairs.
std::string wide_pipeline() {
  std::string s = "pipeline wide(n: int) -> int {\n";
  std::string pairs;
  for (int i = 0; i < 64; ++i)
    s += "  y" + std::to_string(i) + " = n * " + std::to_string(i) + "\n";
  for (int j = 0; j < 32; ++j) {
    s += "  z" + std::to_string(j) + " = y" + std::to_string(2 * j) + " + y" +
         std::to_string(2 * j + 1) + "\n";
    pairs += (j ? ", z" : "z") + std::to_string(j);
  }
  return s + "  return sum([" + pairs + "])\n}\n\n";
}

const std::string kProgram = wide_pipeline() + R"(pipeline score(xs: list[int]) -> int {
  kept = filter x in xs { x % 3 != 0 }
  return sum(kept)
}

pipeline main(n: int, fail: bool) {
  xs = range(0, n)
  ys = map x in xs {
    w = text.words("item ${x} of ${n}")
    if x % 2 == 0 { yield len(w) + x } else { yield x }
  }
  total = score(ys)
  spread = wide(n)
  var acc = 0
  for y in slice(ys, 0, 50) { acc = acc + y }
  if fail {
    broken = sys.fail("requested failure")
  }
  slow = sys.sleep(fail ? 0.5 : 0.0)
  return { total: total, acc: acc, spread: spread }
})";

TEST(Stress, OneProgramManyThreads) {
  testing::TracedEngine traced(4);
  auto observer = std::make_shared<CountingObserver>();
  traced.engine.add_observer(observer);
  Program program = traced.compile(kProgram);
  Result reference = program.run({{"n", Value::integer(300)}, {"fail", Value::boolean(false)}});
  ASSERT_TRUE(reference.ok()) << reference.error->describe();
  const std::string expected = testing::json(reference.value);

  constexpr int kThreads = 6;
  constexpr int kRuns = 10;
  std::atomic<int> ok{0}, failed{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRuns; ++i) {
        bool fail = (t + i) % 5 == 0;
        Result r = program.run({{"n", Value::integer(300)}, {"fail", Value::boolean(fail)}});
        if (fail) {
          (!r.ok() && r.error->node == "broken" ? failed : wrong).fetch_add(1);
        } else {
          (r.ok() && testing::json(r.value) == expected ? ok : wrong).fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(ok.load() + failed.load(), kThreads * kRuns);
  EXPECT_GT(failed.load(), 0);
  EXPECT_GT(observer->nodes.load(), 0u);
  EXPECT_GT(traced.spans->spans().size(), 0u);
}

// Map items that fail on every worker at once each report the failure to the map node
// (CI's ThreadSanitizer run once caught them writing the map's flag unsynchronised).
TEST(Stress, MapItemsFailingOnEveryWorkerAtOnce) {
  testing::TracedEngine traced(4);
  Program program = traced.compile(R"(pipeline main(n: int) {
  ys = map x in range(0, n) {
    @retry(attempts: 2, backoff: 1ms)
    y = sys.fail("item ${x} failed")
    yield y
  }
  return ys
})");
  for (int run = 0; run < 20; ++run) {
    Result result = program.run({{"n", Value::integer(64)}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error->node, "y");
  }
}

}  // namespace
}  // namespace plumb
