// Schema version 2 on a store written by version 1 (test/store/Inputs/store_v1_sqlite.sql,
// dumped from a store main's plumb wrote): opening it moves the spans and node statistics
// into batches, the `spans` and `run_nodes` views give back the rows the tables held, the
// store's readers see the old runs, and new runs and retention work on the migrated store.
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "runtime/store/schema.hpp"
#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::recording_into;
using testing::TempDir;

constexpr const char* kSpansRun = "01M991MAFYMGBS10WJ08VPAERC";  // spans.pipe --arg n=4
constexpr const char* kFailedRun = "01M991MAC8G46RKF3DC9S1MYDF";

std::string read_fixture() {
  const char* root = std::getenv("PLUMB_SOURCE_DIR");
  EXPECT_NE(root, nullptr) << "PLUMB_SOURCE_DIR is set by ctest";
  std::ifstream in(std::string(root ? root : ".") + "/test/store/Inputs/store_v1_sqlite.sql");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every row of `sql`, cells as text (NULL as `NULL`) with their SQLite type, one line a row.
std::vector<std::string> rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::vector<std::string> out;
  while (statement && sqlite3_step(statement) == SQLITE_ROW) {
    std::string line;
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      const int type = sqlite3_column_type(statement, i);
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
      line += (i ? "|" : "") + std::to_string(type) + ":" + (text ? text : "NULL");
    }
    out.push_back(line);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return out;
}

constexpr const char* kAllSpans =
    "SELECT run, seq, span_id, parent_id, kind, name, node, item, start_ns, duration_ns, "
    "thread, error, error_type, error_message, attributes FROM spans ORDER BY run, seq";
constexpr const char* kAllNodes =
    "SELECT run, node, runs, failures, retries, cache_hits, items, total_ns, p50_ns, p95_ns, "
    "max_ns, input_tokens, output_tokens, cost_usd, error FROM run_nodes ORDER BY run, node";

class Migration : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, read_fixture().c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
    ASSERT_EQ(rows(path, "SELECT max(version) FROM schema_migrations"),
              std::vector<std::string>{"1:1"});
  }

  TempDir dir;
  const std::string path = dir.file("runs.db");
};

TEST_F(Migration, TheViewsGiveBackTheRowsOfVersionOne) {
  const std::vector<std::string> spans = rows(path, kAllSpans);
  const std::vector<std::string> nodes = rows(path, kAllNodes);
  ASSERT_EQ(spans.size(), 21u);
  ASSERT_EQ(nodes.size(), 6u);
  RunStore::open(path);
  EXPECT_EQ(rows(path, "SELECT max(version) FROM schema_migrations"),
            std::vector<std::string>{"1:" + std::to_string(store::schema_version())});
  EXPECT_EQ(rows(path, kAllSpans), spans);
  EXPECT_EQ(rows(path, kAllNodes), nodes);
  EXPECT_EQ(rows(path, "SELECT run, first_seq, span_count FROM span_batches ORDER BY run"),
            (std::vector<std::string>{"1:1|1:0|1:9", "1:2|1:0|1:2", "1:3|1:0|1:10"}));
}

TEST_F(Migration, TheStoreReadsTheOldRuns) {
  const std::shared_ptr<RunStore> store = RunStore::open(path);
  EXPECT_EQ(store->runs().size(), 3u);
  const std::vector<StoredSpan> spans = store->spans(kSpansRun);
  ASSERT_EQ(spans.size(), 10u);
  EXPECT_EQ(spans.back().kind, "run");
  const std::vector<StoredNode> nodes = store->nodes(kFailedRun);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].name, "b");
  EXPECT_TRUE(nodes[0].ran);
  EXPECT_EQ(nodes[0].error, "division by zero");
  EXPECT_EQ(nodes[0].total_ns, 420442);
  const NodeOverview overview = store->node_overview(kFailedRun, 50, 5);
  EXPECT_EQ(overview.ran, 1u);
  EXPECT_EQ(overview.failed, 1u);
}

TEST_F(Migration, NewRunsAndRetentionWorkOnTheMigratedStore) {
  const std::shared_ptr<RunStore> store = RunStore::open(path);
  Engine engine(recording_into(store));
  Result result = engine
                      .compile_string("new.pipe",
                                      "pipeline main() {\n  @trace(items: \"all\")\n"
                                      "  ys = map x in range(3) { yield x + 1 }\n"
                                      "  return len(ys)\n}\n")
                      .run();
  ASSERT_TRUE(result.ok());
  const StoredRun newest = store->run("last");
  EXPECT_EQ(store->spans(newest.id).size(), static_cast<std::size_t>(newest.spans));
  GcOptions keep_one;
  keep_one.keep = 1;
  store->gc(keep_one);
  EXPECT_EQ(rows(path, "SELECT count(DISTINCT run) FROM spans"), std::vector<std::string>{"1:1"});
  EXPECT_EQ(rows(path, "SELECT count(*) FROM run_node_batches"), std::vector<std::string>{"1:1"});
}

}  // namespace
}  // namespace plumb
