// The store's schema: created by the first open, reopened without changes, shared by
// concurrent openers, and refused when a newer plumb wrote it.
#include <sqlite3.h>

#include <thread>
#include <vector>

#include "runtime/store/schema.hpp"
#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::TempDir;

int count_rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  int value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

TEST(Schema, FirstOpenCreatesEveryTableInWalMode) {
  TempDir dir;
  const std::string path = dir.file("nested/runs.db");
  RunStore::open(path);
  EXPECT_EQ(count_rows(path, "SELECT max(version) FROM schema_migrations"),
            store::schema_version());
  EXPECT_EQ(count_rows(path,
                       "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                       "('runs', 'span_batches', 'run_node_batches', 'program_nodes', 'blobs', "
                       "'run_logs')"),
            6);
  EXPECT_EQ(count_rows(path,
                       "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name IN "
                       "('spans', 'run_nodes')"),
            2);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
  sqlite3_finalize(statement);
  sqlite3_close(db);
}

TEST(Schema, ReopeningAppliesNothingTwice) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  RunStore::open(path);
  RunStore::open(path);
  EXPECT_EQ(count_rows(path, "SELECT count(*) FROM schema_migrations"), store::schema_version());
}

TEST(Schema, ConcurrentFirstOpensAgree) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  std::vector<std::thread> openers;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    openers.emplace_back([&] {
      try {
        RunStore::open(path);
      } catch (const StoreError&) {
        ++failures;
      }
    });
  }
  for (std::thread& t : openers)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count_rows(path, "SELECT count(*) FROM schema_migrations"), store::schema_version());
}

TEST(Schema, ANewerStoreIsRefusedWithItsVersion) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  RunStore::open(path);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO schema_migrations(version, applied_ns, plumb_version) "
                         "VALUES(999, 0, '9.9')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  try {
    RunStore::open(path);
    FAIL() << "a newer schema was accepted";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("schema is version 999, newer than this plumb's"),
              std::string::npos)
        << e.what();
  }
}

TEST(Schema, ACorruptFileIsAStoreError) {
  TempDir dir;
  const std::string path = dir.file("runs.db");
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("this is not a database, but it is long enough to have a header of sorts......", f);
    std::fclose(f);
  }
  try {
    RunStore::open(path);
    FAIL() << "a corrupt file was opened";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("file is not a database"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("run store " + path + ": ", 0), 0u) << e.what();
  }
}

TEST(Schema, ReadersDoNotCreateAStore) {
  TempDir dir;
  StoreOptions options;
  options.create = false;
  EXPECT_THROW(RunStore::open(dir.file("missing.db"), options), StoreError);
  EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
}

}  // namespace
}  // namespace plumb
