// Deleting runs: the default retention at the end of each run, `gc` by count, age and size,
// programs and sources no run uses, runs still running; and how a run whose process died
// becomes `interrupted`.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <vector>

#include "runtime/store/process_identity.hpp"
#include "runtime/store/recorder.hpp"
#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::recording_into;
using testing::TempDir;

std::int64_t query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::int64_t value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

void execute(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

RunFilter everything() {
  RunFilter all;
  all.limit = 0;
  return all;
}

// A run that began and never ended (as if its process had been killed).
std::string begin_only(const std::shared_ptr<RunStore>& store) {
  store::RunStart start;
  start.pipeline = "main";
  start.file = "x.pipe";
  start.program_hash = "0123456789abcdef0123456789abcdef";
  start.files = std::make_shared<const std::vector<store::ProgramFile>>();
  start.nodes = [] { return std::vector<store::ProgramNode>(); };
  start.args = "{}";
  start.backend = "interp";
  // Recordings kept alive to the end of the process, never finished: their runs stay
  // `running`. Held through a static pointer so the leak checker sees them as reachable.
  static auto* never_finished = new std::vector<std::unique_ptr<store::Recording>>();
  never_finished->push_back(store::Recording::begin(store, start));
  return never_finished->back()->id();
}

TEST(Retention, EachRunEndKeepsTheNewestRuns) {
  TempDir dir;
  StoreOptions options;
  options.keep_runs = 3;
  auto store = RunStore::open(dir.file("runs.db"), options);
  Engine engine(recording_into(store));
  Program program = engine.compile_string("r.pipe", "pipeline main(n: int) { return n }");
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(program.run({{"n", Value::integer(i)}}).ok());
  const std::vector<StoredRun> runs = store->runs(everything());
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(store->run(runs[0].id).args, R"({"n": 5})");
  EXPECT_EQ(store->run(runs[2].id).args, R"({"n": 3})");
  EXPECT_EQ(query(dir.file("runs.db"), "SELECT count(DISTINCT run) FROM spans"), 3);
}

TEST(Retention, AProgramGoesWithItsLastRun) {
  TempDir dir;
  StoreOptions options;
  options.keep_runs = 1;
  auto store = RunStore::open(dir.file("runs.db"), options);
  Engine engine(recording_into(store));
  ASSERT_TRUE(engine.compile_string("a.pipe", "pipeline main() { return 1 }").run().ok());
  ASSERT_TRUE(engine.compile_string("b.pipe", "pipeline main() { return 2 }").run().ok());
  const std::string path = dir.file("runs.db");
  EXPECT_EQ(query(path, "SELECT count(*) FROM runs"), 1);
  EXPECT_EQ(query(path, "SELECT count(*) FROM programs"), 1);
  EXPECT_EQ(query(path, "SELECT count(*) FROM sources"), 1);
  EXPECT_EQ(query(path,
                  "SELECT count(*) FROM program_nodes WHERE program_hash NOT IN "
                  "(SELECT program_hash FROM runs)"),
            0);
}

TEST(Retention, GcByCountAgeAndSize) {
  TempDir dir;
  StoreOptions options;
  options.keep_runs = 0;
  const std::string path = dir.file("runs.db");
  auto store = RunStore::open(path, options);
  Engine engine(recording_into(store));
  Program program = engine.compile_string("g.pipe", R"(pipeline main() {
  @trace(items: "all")
  ys = map x in range(300) { yield x * 2 }
  return len(ys)
})");
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(program.run().ok());

  GcOptions keep;
  keep.keep = 8;
  GcResult result = store->gc(keep);
  EXPECT_EQ(result.deleted, 2u);
  EXPECT_EQ(result.kept, 8u);

  // Two runs made to look a week old.
  execute(path,
          "UPDATE runs SET started_ns = started_ns - 7 * 86400000000000 WHERE run IN "
          "(SELECT run FROM runs ORDER BY started_ns LIMIT 2)");
  GcOptions age;
  age.older_than_ns = 86400LL * 1000000000;
  result = store->gc(age);
  EXPECT_EQ(result.deleted, 2u);
  EXPECT_EQ(result.kept, 6u);

  GcOptions size;
  size.max_bytes = result.bytes_after / 2;
  result = store->gc(size);
  EXPECT_GE(result.deleted, 1u);
  EXPECT_LE(result.bytes_after, *size.max_bytes);
  EXPECT_LT(result.bytes_after, result.bytes_before);
  EXPECT_EQ(store->runs(everything()).size(), result.kept);
}

TEST(Retention, ARunningRunIsNeverDeleted) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  const std::string id = begin_only(store);
  GcOptions all;
  all.keep = 0;
  EXPECT_EQ(store->gc(all).deleted, 0u);
  EXPECT_EQ(store->run(id).status, RunStatus::Running);
}

TEST(Liveness, ARunWhoseProcessIsGoneIsInterrupted) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  auto store = RunStore::open(path);
  const std::string id = begin_only(store);
  EXPECT_EQ(store->run(id).status, RunStatus::Running);
  // The same boot and pid namespace, a pid that has exited.
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  const std::string& key = store::this_process().key;
  ASSERT_FALSE(key.empty());
  const std::string prefix = key.substr(0, key.rfind(':', key.rfind(':') - 1));
  execute(path, "UPDATE runs SET process = '" + prefix + ":" + std::to_string(child) +
                    ":1' WHERE id = '" + id + "'");
  EXPECT_EQ(store->run(id).status, RunStatus::Interrupted);
  // The row says so too, for people who query the store directly.
  EXPECT_EQ(query(path, "SELECT count(*) FROM runs WHERE status = 'interrupted'"), 1);
  EXPECT_EQ(store->run("last-failed").id, id);
}

TEST(Liveness, ElsewhereTheHeartbeatDecides) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  auto store = RunStore::open(path);
  const std::string id = begin_only(store);
  execute(path, "UPDATE runs SET process = 'another-boot:pid:[1]:42:7' WHERE id = '" + id + "'");
  EXPECT_EQ(store->run(id).status, RunStatus::Running);
  execute(path,
          "UPDATE runs SET heartbeat_ns = heartbeat_ns - 600000000000 WHERE id = '" + id + "'");
  EXPECT_EQ(store->run(id).status, RunStatus::Interrupted);
}

}  // namespace
}  // namespace plumb
