// The SQL connection the run store is written against, with two implementations: SQLite
// (sqlite_database.cpp) and PostgreSQL through libpq (pg_database.cpp). Statements are written
// once, in the SQL both accept, with `$1`, `$2`, ... parameters; the few spellings that differ
// (column types, generated keys) come from the schema's dialect table (schema.cpp).
// A Database is used by one thread at a time; RunStore serialises its users with a mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace plumb::store {

// Any failure of the database: the message is the back end's own (`database is locked`,
// `connection refused`), without the statement.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Dialect { Sqlite, Postgres };

// Bytes for a BLOB (SQLite) or BYTEA (PostgreSQL) column.
struct Bytes {
  std::string_view data;
};

// A parameter: NULL, an integer, a double, text or bytes (text and bytes must outlive the
// statement's run).
using Param = std::variant<std::nullptr_t, std::int64_t, double, std::string_view, Bytes>;

// A prepared statement. bind() then step() until it returns false; the columns of the current
// row are read with the accessors (0-based).
class Statement {
 public:
  virtual ~Statement() = default;
  // Sets every parameter (in `$n` order) and resets the statement.
  virtual void bind(std::span<const Param> params) = 0;
  // Runs the statement or moves to its next row; false when there is no (further) row.
  virtual bool step() = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  // Text, or the bytes of a BLOB/BYTEA column.
  virtual std::string text(int column) const = 0;

  // bind() and step() through every row (for statements that return none).
  void run(std::span<const Param> params = {}) {
    bind(params);
    while (step()) {
    }
  }
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without parameters (DDL, PRAGMA, BEGIN).
  virtual void execute(const std::string& sql) = 0;
  // A statement prepared once per connection and kept (the text is the cache key).
  virtual Statement& prepare(const std::string& sql) = 0;
  // A write transaction: SQLite takes the write lock at once (BEGIN IMMEDIATE), so a busy
  // store waits here for its timeout instead of failing at the first write.
  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Appends rows of `columns.size()` cells each (`cells` row after row) to `table` the
  // fastest way the back end has: a prepared INSERT per row (SQLite), COPY (PostgreSQL).
  virtual void append_rows(const std::string& table, std::span<const std::string_view> columns,
                           std::span<const Param> cells) = 0;
  // Bytes the stored data takes (for `plumb gc --max-size`), and giving freed space back.
  virtual std::int64_t size_bytes() = 0;
  virtual void reclaim_space() = 0;
};

// The open transaction of a scope: rolled back when the scope is left by an exception.
class WriteTransaction {
 public:
  explicit WriteTransaction(Database& db) : db_(db) { db_.begin_write(); }
  ~WriteTransaction() {
    if (!done_) db_.rollback();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

// Opens (creating it when missing) an SQLite database file in WAL mode with a busy timeout.
std::unique_ptr<Database> open_sqlite(const std::string& path, int busy_timeout_ms);
// Connects to PostgreSQL (libpq loaded on first use); `conninfo` is a libpq URI or key=value
// string.
std::unique_ptr<Database> open_postgres(const std::string& conninfo);

}  // namespace plumb::store
