// RunStore::node_overview, what `plumb show` prints of a run's nodes: every node of a small
// program; for a big one the failed nodes, then the slowest, then those that did not run (in
// program order), checked against the same choice made over all the run's nodes.
#include <algorithm>
#include <string>
#include <vector>

#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::recording_into;
using testing::TempDir;

// `width` independent nodes, plus (with `failing`) one that divides by zero.
std::string wide_program(int width, bool failing) {
  std::string source = "pipeline main(n: int) {\n";
  std::string items;
  for (int i = 0; i < width; ++i) {
    source += "  a" + std::to_string(i) + " = n * " + std::to_string(i + 2) + "\n";
    items += (i == 0 ? "a" : ", a") + std::to_string(i);
  }
  if (failing) {
    source += "  bad = n / (n - n)\n";
    items += ", bad";
  }
  return source + "  return [" + items + "]\n}\n";
}

// The choice node_overview makes, made over every node: failed first, then by total time,
// then the nodes that did not run; ties in program order; shown in program order.
std::vector<std::string> expected_identities(std::vector<StoredNode> nodes, std::size_t shown) {
  if (nodes.size() > shown) {
    const auto rank = [](const StoredNode& n) {
      return n.failures > n.retries ? 0 : n.ran ? 1 : 2;
    };
    std::stable_sort(nodes.begin(), nodes.end(), [&](const StoredNode& a, const StoredNode& b) {
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      return a.total_ns > b.total_ns;
    });
    nodes.resize(shown);
    std::sort(nodes.begin(), nodes.end(),
              [](const StoredNode& a, const StoredNode& b) { return a.node < b.node; });
  }
  std::vector<std::string> out;
  for (const StoredNode& n : nodes)
    out.push_back(n.identity);
  return out;
}

std::vector<std::string> identities(const std::vector<StoredNode>& nodes) {
  std::vector<std::string> out;
  for (const StoredNode& n : nodes)
    out.push_back(n.identity);
  return out;
}

TEST(NodeOverview, ASmallProgramShowsEveryNodeInProgramOrder) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program program = engine.compile_string("small.pipe", wide_program(4, false));
  ASSERT_TRUE(program.run({{"n", Value::integer(3)}}).ok());
  const std::string run = store->run("last").id;

  const NodeOverview overview = store->node_overview(run, 50, 5);
  EXPECT_EQ(overview.nodes, store->nodes(run).size());
  EXPECT_EQ(overview.ran, overview.nodes);
  EXPECT_EQ(overview.failed, 0u);
  EXPECT_EQ(identities(overview.shown), identities(store->nodes(run)));
  EXPECT_EQ(overview.slowest.size(), std::min<std::size_t>(overview.ran, 5));
  for (std::size_t i = 1; i < overview.slowest.size(); ++i)
    EXPECT_GE(overview.slowest[i - 1].total_ns, overview.slowest[i].total_ns);
}

TEST(NodeOverview, ABigRunShowsTheFailedTheSlowestThenWhatDidNotRun) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store, 1));
  Program program = engine.compile_string("wide.pipe", wide_program(40, true));
  ASSERT_FALSE(program.run({{"n", Value::integer(3)}}).ok());
  const std::string run = store->run("last").id;
  const std::vector<StoredNode> all = store->nodes(run);

  for (const std::size_t shown : {std::size_t{3}, std::size_t{10}, all.size() - 1}) {
    const NodeOverview overview = store->node_overview(run, shown, 4);
    EXPECT_EQ(overview.nodes, all.size());
    EXPECT_EQ(overview.ran,
              static_cast<std::size_t>(std::count_if(all.begin(), all.end(),
                                                     [](const StoredNode& n) { return n.ran; })));
    EXPECT_EQ(overview.failed, 1u);
    EXPECT_EQ(identities(overview.shown), expected_identities(all, shown)) << "shown " << shown;
    ASSERT_LE(overview.slowest.size(), 4u);
    for (const StoredNode& n : overview.slowest)
      EXPECT_TRUE(n.ran);
  }
}

TEST(NodeOverview, AnUnknownRunIsAStoreError) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  EXPECT_THROW(store->node_overview("01ABC", 50, 5), StoreError);
}

}  // namespace
}  // namespace plumb
