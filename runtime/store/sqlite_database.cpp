// The run store on SQLite: one file in WAL mode (readers never wait for the writer, and a
// commit does not fsync), `synchronous=NORMAL`, a busy timeout so that concurrent `plumb run`s
// queue for the write lock instead of failing, no checkpoint at close, and incremental
// auto-vacuum so that `plumb gc` can give space back without rewriting the file. Statements
// are prepared once and kept.
#include <sqlite3.h>

#include <cstring>
#include <unordered_map>

#include "runtime/store/database.hpp"

namespace plumb::store {

namespace {

// The WAL is checkpointed into the file by the commit that grows it past this many pages.
// Every process that opens the store first reads the whole WAL to rebuild its index (the
// last one to close it leaves it behind, see SqliteDatabase), about 2 µs a page: a short WAL
// keeps that small, and a checkpoint (two syncs) comes every dozen or so runs of a small
// pipeline instead of every hundred.
constexpr int kWalCheckpointPages = 128;

// SQLite's message, with the operating system's reason when a file operation failed
// (`disk I/O error: File too large`, `database or disk is full: No space left on device`).
DatabaseError failure(sqlite3* db) {
  std::string message = sqlite3_errmsg(db);
  const int primary = sqlite3_extended_errcode(db) & 0xff;
  const int error = sqlite3_system_errno(db);
  if (error != 0 && (primary == SQLITE_IOERR || primary == SQLITE_FULL ||
                     primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY)) {
    message += std::string(": ") + std::strerror(error);
  }
  return DatabaseError(message);
}

// `$7` → `?7`: the statements are written with PostgreSQL's parameters; SQLite's numbered
// form binds the same indexes.
std::string sqlite_parameters(const std::string& sql) {
  std::string out = sql;
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  }
  return out;
}

class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    const std::string text = sqlite_parameters(sql);
    if (sqlite3_prepare_v3(db, text.c_str(), static_cast<int>(text.size()),
                           SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK) {
      throw failure(db);
    }
  }
  ~SqliteStatement() override { sqlite3_finalize(statement_); }

  void bind(std::span<const Param> params) override {
    sqlite3_reset(statement_);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Param& p = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(p)) {
        rc = sqlite3_bind_null(statement_, index);
      } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
        rc = sqlite3_bind_int64(statement_, index, *n);
      } else if (const auto* d = std::get_if<double>(&p)) {
        rc = sqlite3_bind_double(statement_, index, *d);
      } else if (const auto* s = std::get_if<std::string_view>(&p)) {
        rc = sqlite3_bind_text64(statement_, index, s->data(), s->size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
      } else {
        const std::string_view bytes = std::get<Bytes>(p).data;
        rc = sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) throw failure(db_);
    }
  }

  bool step() override {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    // Reset at once: a statement left mid-way would hold its read snapshot open.
    sqlite3_reset(statement_);
    if (rc == SQLITE_DONE) return false;
    throw failure(db_);
  }

  bool is_null(int column) const override {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  std::int64_t integer(int column) const override {
    return sqlite3_column_int64(statement_, column);
  }
  double real(int column) const override { return sqlite3_column_double(statement_, column); }
  std::string text(int column) const override {
    const void* data = sqlite3_column_blob(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(const std::string& path, int busy_timeout_ms) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      DatabaseError error = db_ ? failure(db_) : DatabaseError("out of memory");
      sqlite3_close(db_);
      throw error;
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    // The WAL is checkpointed when it grows past SQLite's limit (1,000 pages), in the commit
    // that passes it, not by every process at exit: closing would otherwise copy the WAL into
    // the file, sync it four times and delete it after each run.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    try {
      configure();
    } catch (...) {
      statements_.clear();
      sqlite3_close(db_);
      throw;
    }
  }
  ~SqliteDatabase() override {
    statements_.clear();
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::Sqlite; }

  void execute(const std::string& sql) override {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) throw failure(db_);
  }

  Statement& prepare(const std::string& sql) override {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return *it->second;
    auto statement = std::make_unique<SqliteStatement>(db_, sql);
    return *statements_.emplace(sql, std::move(statement)).first->second;
  }

  void begin_write() override { execute("BEGIN IMMEDIATE"); }
  void commit() override { execute("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

  void append_rows(const std::string& table, std::span<const std::string_view> columns,
                   std::span<const Param> cells) override {
    std::string sql = "INSERT INTO " + table + "(";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? "," : "") + std::string(columns[i]);
      values += (i ? ",$" : "$") + std::to_string(i + 1);
    }
    Statement& insert = prepare(sql + ") VALUES(" + values + ")");
    for (std::size_t at = 0; at + columns.size() <= cells.size(); at += columns.size()) {
      insert.run(cells.subspan(at, columns.size()));
    }
  }

  std::int64_t size_bytes() override {
    return (pragma_integer("page_count") - pragma_integer("freelist_count")) *
           pragma_integer("page_size");
  }

  void reclaim_space() override {
    execute("PRAGMA incremental_vacuum");
    execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }

 private:
  std::int64_t pragma_integer(const std::string& name) {
    Statement& statement = prepare("PRAGMA " + name);
    statement.bind({});
    std::int64_t value = statement.step() ? statement.integer(0) : 0;
    while (statement.step()) {
    }
    return value;
  }

  std::string pragma_text(const std::string& name) {
    Statement& statement = prepare("PRAGMA " + name);
    statement.bind({});
    std::string value = statement.step() ? statement.text(0) : std::string();
    while (statement.step()) {
    }
    return value;
  }

  void configure() {
    // A new file: space freed by deletions goes back to the file system on `plumb gc`.
    if (pragma_integer("page_count") == 0) execute("PRAGMA auto_vacuum=INCREMENTAL");
    if (pragma_text("journal_mode") != "wal") {
      const std::string mode = pragma_text("journal_mode=WAL");
      if (mode != "wal")
        throw DatabaseError("cannot switch to WAL mode (journal mode " + mode + ")");
    }
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA wal_autocheckpoint=" + std::to_string(kWalCheckpointPages));
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteDatabase>(path, busy_timeout_ms);
}

}  // namespace plumb::store
