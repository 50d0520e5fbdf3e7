// Observers: every lifecycle event reaches every observer, with the depth, the hierarchy path,
// the run id and the key-value store shared by the run; nested pipelines report to the same
// observers as their caller.
#include <algorithm>
#include <mutex>
#include <set>

#include <plumb/observer.hpp>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

struct Event {
  std::string what;
  std::string name;
  int depth;
  std::string path;
};

class Recorder : public Observer {
 public:
  void on_pipeline_start(const PipelineEvent& e) override {
    add("pipeline_start", e.pipeline, e.context);
  }
  void on_pipeline_end(const PipelineEvent& e) override {
    add(e.ok ? "pipeline_end" : "pipeline_end_failed", e.pipeline, e.context);
    auto seen = e.context.store().get("items");
    if (seen) items_seen = seen->as_int();
  }
  void on_node_start(const NodeEvent& e) override { add("node_start", e.node, e.context); }
  void on_node_end(const NodeEvent& e) override {
    add(e.ok ? "node_end" : "node_end_failed", e.node, e.context);
  }
  void on_node_error(const NodeEvent& e) override {
    add("node_error", e.node, e.context);
    std::lock_guard lock(mutex_);
    last_error = std::string(e.error);
  }
  void on_nested_pipeline_start(const PipelineEvent& e) override {
    add("nested_start", e.pipeline, e.context);
  }
  void on_nested_pipeline_end(const PipelineEvent& e) override {
    add("nested_end", e.pipeline, e.context);
  }
  void on_map_start(const MapEvent& e) override { add("map_start", e.node, e.context); }
  void on_map_item_start(const MapItemEvent& e) override {
    add("item_start", e.node, e.context);
    std::lock_guard lock(mutex_);
    auto count = e.context.store().get("items");
    e.context.store().set("items", Value::integer(count ? count->as_int() + 1 : 1));
  }
  void on_map_item_end(const MapItemEvent& e) override { add("item_end", e.node, e.context); }
  void on_map_end(const MapEvent& e) override {
    add("map_end", e.node, e.context);
    std::lock_guard lock(mutex_);
    map_counts = {e.items_in, e.items_out};
  }

  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::size_t count(const std::string& what, const std::string& name) const {
    auto all = events();
    return static_cast<std::size_t>(std::count_if(
        all.begin(), all.end(), [&](const Event& e) { return e.what == what && e.name == name; }));
  }
  const Event* find(const std::string& what, const std::string& name) const {
    std::lock_guard lock(mutex_);
    for (const Event& e : events_) {
      if (e.what == what && e.name == name) return &e;
    }
    return nullptr;
  }

  std::int64_t items_seen = 0;
  std::pair<std::int64_t, std::int64_t> map_counts;
  std::string last_error;
  std::set<std::string> run_ids;

 private:
  void add(std::string what, std::string_view name, const EventContext& context) {
    std::lock_guard lock(mutex_);
    run_ids.insert(std::string(context.run_id()));
    events_.push_back({std::move(what), std::string(name), context.depth(), context.path()});
  }
  mutable std::mutex mutex_;
  std::vector<Event> events_;
};

constexpr const char* kProgram = R"(pipeline inner(x: int) -> int {
  y = x * 2
  return y
}

pipeline main() {
  xs = map i in range(0, 4) { yield i + 1 }
  n = inner(len(xs))
  return n
})";

TEST(Observers, SeeEveryEventWithDepthAndPath) {
  Engine engine;
  auto recorder = std::make_shared<Recorder>();
  engine.add_observer(recorder);
  Result result = engine.compile_string("obs.pipe", kProgram).run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(testing::json(result.value), "8");

  EXPECT_EQ(recorder->count("pipeline_start", "main"), 1u);
  EXPECT_EQ(recorder->count("pipeline_end", "main"), 1u);
  EXPECT_EQ(recorder->count("map_start", "xs"), 1u);
  EXPECT_EQ(recorder->count("map_end", "xs"), 1u);
  EXPECT_EQ(recorder->count("item_start", "xs"), 4u);
  EXPECT_EQ(recorder->count("item_end", "xs"), 4u);
  EXPECT_EQ(recorder->map_counts, (std::pair<std::int64_t, std::int64_t>{4, 4}));
  EXPECT_EQ(recorder->count("nested_start", "inner"), 1u);
  EXPECT_EQ(recorder->count("nested_end", "inner"), 1u);
  EXPECT_EQ(recorder->count("node_start", "y"), 1u);
  EXPECT_EQ(recorder->count("node_end", "y"), 1u);
  EXPECT_EQ(recorder->items_seen, 4) << "the store is shared by the observers of a run";
  EXPECT_EQ(recorder->run_ids.size(), 1u);

  const Event* main_start = recorder->find("pipeline_start", "main");
  ASSERT_TRUE(main_start);
  EXPECT_EQ(main_start->depth, 0);
  const Event* y = recorder->find("node_start", "y");
  ASSERT_TRUE(y);
  EXPECT_GT(y->depth, 0) << "nodes of a nested pipeline are deeper than their caller";
  EXPECT_NE(y->path.find("inner"), std::string::npos) << y->path;
  EXPECT_EQ(y->path.rfind("main", 0), 0u) << y->path;

  // Events of one node come in order: start before end.
  auto all = recorder->events();
  auto index = [&](const std::string& what, const std::string& name) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].what == what && all[i].name == name) return i;
    }
    return all.size();
  };
  EXPECT_LT(index("pipeline_start", "main"), index("map_start", "xs"));
  EXPECT_LT(index("map_start", "xs"), index("map_end", "xs"));
  EXPECT_LT(index("nested_start", "inner"), index("node_start", "y"));
  EXPECT_LT(index("node_end", "y"), index("nested_end", "inner"));
  EXPECT_LT(index("nested_end", "inner"), index("pipeline_end", "main"));
}

TEST(Observers, SeeErrors) {
  Engine engine;
  auto recorder = std::make_shared<Recorder>();
  engine.add_observer(recorder);
  Result result =
      engine.compile_string("err.pipe", "pipeline main() {\n  b = sys.fail(\"broken\")\n}").run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(recorder->count("node_error", "b"), 1u);
  EXPECT_NE(recorder->last_error.find("broken"), std::string::npos) << recorder->last_error;
  EXPECT_EQ(recorder->count("pipeline_end_failed", "main"), 1u);
}

TEST(Observers, EachRunHasItsOwnStore) {
  Engine engine;
  auto recorder = std::make_shared<Recorder>();
  engine.add_observer(recorder);
  Program program = engine.compile_string("obs.pipe", kProgram);
  ASSERT_TRUE(program.run().ok());
  ASSERT_TRUE(program.run().ok());
  EXPECT_EQ(recorder->items_seen, 4);
  EXPECT_EQ(recorder->run_ids.size(), 2u);
}

}  // namespace
}  // namespace plumb
