// The run store on PostgreSQL, through libpq loaded on first use (pq_library.hpp). Statements
// are prepared once per connection (PQprepare) and run with text parameters, bytes as binary
// parameters; rows come back as text. Rows are appended with COPY, one round trip per batch
// instead of one per row. A connection that cannot be made within 5 s is an error.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "runtime/store/database.hpp"
#include "runtime/store/pq_library.hpp"

namespace plumb::store {

namespace {

constexpr Oid kByteaOid = 17;

// libpq's message on one line: its lines (`...: Connection refused`, `\tIs the server
// running ...?`) joined with `; `.
std::string trimmed(const char* message) {
  std::string out;
  std::string line;
  auto flush = [&] {
    const std::size_t start = line.find_first_not_of(" \t");
    const std::size_t end = line.find_last_not_of(" \t");
    if (start != std::string::npos) {
      out += (out.empty() ? "" : "; ") + line.substr(start, end - start + 1);
    }
    line.clear();
  };
  for (const char* c = message ? message : ""; *c; ++c) {
    if (*c == '\n') {
      flush();
    } else {
      line += *c;
    }
  }
  flush();
  return out;
}

std::string real_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

void append_hex(std::string& out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

// Owns a PGresult.
struct Result {
  explicit Result(PGresult* r) : result(r) {}
  ~Result() {
    if (result) pq_library().clear(result);
  }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  PGresult* result;
};

void check(PGconn* connection, PGresult* result) {
  const PqLibrary& pq = pq_library();
  const ExecStatusType status = result ? pq.result_status(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN) return;
  throw DatabaseError(
      trimmed(result ? pq.result_error_message(result) : pq.error_message(connection)));
}

class PgStatement : public Statement {
 public:
  PgStatement(PGconn* connection, std::string name, const std::string& sql)
      : connection_(connection), name_(std::move(name)) {
    Result prepared(pq_library().prepare(connection, name_.c_str(), sql.c_str(), 0, nullptr));
    check(connection, prepared.result);
  }
  ~PgStatement() override { release(); }

  void bind(std::span<const Param> params) override {
    release();
    texts_.assign(params.size(), std::string());
    values_.assign(params.size(), nullptr);
    lengths_.assign(params.size(), 0);
    formats_.assign(params.size(), 0);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) continue;
      if (const auto* n = std::get_if<std::int64_t>(&p)) {
        texts_[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&p)) {
        texts_[i] = real_text(*d);
      } else if (const auto* s = std::get_if<std::string_view>(&p)) {
        texts_[i] = std::string(*s);
      } else {
        texts_[i] = std::string(std::get<Bytes>(p).data);
        formats_[i] = 1;
      }
      values_[i] = texts_[i].data();
      lengths_[i] = static_cast<int>(texts_[i].size());
    }
    row_ = -1;
    executed_ = false;
  }

  bool step() override {
    const PqLibrary& pq = pq_library();
    if (!executed_) {
      executed_ = true;
      result_ = pq.exec_prepared(connection_, name_.c_str(), static_cast<int>(values_.size()),
                                 values_.data(), lengths_.data(), formats_.data(), 0);
      check(connection_, result_);
      rows_ = pq.ntuples(result_);
    }
    if (++row_ < rows_) return true;
    release();
    return false;
  }

  bool is_null(int column) const override {
    return pq_library().get_is_null(result_, row_, column) != 0;
  }
  std::int64_t integer(int column) const override {
    return std::strtoll(pq_library().get_value(result_, row_, column), nullptr, 10);
  }
  double real(int column) const override {
    return std::strtod(pq_library().get_value(result_, row_, column), nullptr);
  }
  std::string text(int column) const override {
    const PqLibrary& pq = pq_library();
    const char* value = pq.get_value(result_, row_, column);
    const int length = pq.get_length(result_, row_, column);
    if (pq.field_type(result_, column) != kByteaOid) {
      return std::string(value, static_cast<std::size_t>(length));
    }
    std::string bytes;  // `\x` and two hex digits a byte
    for (int i = 2; i + 1 < length; i += 2) {
      bytes += static_cast<char>(hex_value(value[i]) * 16 + hex_value(value[i + 1]));
    }
    return bytes;
  }

 private:
  void release() {
    if (result_) pq_library().clear(result_);
    result_ = nullptr;
    rows_ = 0;
  }

  PGconn* connection_;
  std::string name_;
  std::vector<std::string> texts_;
  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  PGresult* result_ = nullptr;
  int rows_ = 0;
  int row_ = -1;
  bool executed_ = false;
};

void ignore_notice(void*, const char*) {
}

// COPY's text format: backslash escapes, `\N` for NULL.
void append_copy_cell(std::string& out, const Param& p) {
  if (std::holds_alternative<std::nullptr_t>(p)) {
    out += "\\N";
  } else if (const auto* n = std::get_if<std::int64_t>(&p)) {
    out += std::to_string(*n);
  } else if (const auto* d = std::get_if<double>(&p)) {
    out += real_text(*d);
  } else if (const auto* s = std::get_if<std::string_view>(&p)) {
    for (char c : *s) {
      switch (c) {
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          out += c;
      }
    }
  } else {
    out += "\\\\x";
    append_hex(out, std::get<Bytes>(p).data);
  }
}

class PgDatabase : public Database {
 public:
  explicit PgDatabase(const std::string& conninfo) {
    const PqLibrary& pq = pq_library();
    connection_ = pq.connectdb(conninfo.c_str());
    if (connection_ == nullptr) throw DatabaseError("out of memory");
    if (pq.status(connection_) != CONNECTION_OK) {
      std::string reason = trimmed(pq.error_message(connection_));
      pq.finish(connection_);
      throw DatabaseError(reason);
    }
    pq.set_notice_processor(connection_, ignore_notice, nullptr);
  }
  ~PgDatabase() override {
    statements_.clear();
    pq_library().finish(connection_);
  }

  Dialect dialect() const override { return Dialect::Postgres; }

  void execute(const std::string& sql) override {
    Result result(pq_library().exec(connection_, sql.c_str()));
    check(connection_, result.result);
  }

  Statement& prepare(const std::string& sql) override {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return *it->second;
    auto statement = std::make_unique<PgStatement>(
        connection_, "plumb_" + std::to_string(statements_.size()), sql);
    return *statements_.emplace(sql, std::move(statement)).first->second;
  }

  void begin_write() override { execute("BEGIN"); }
  void commit() override { execute("COMMIT"); }
  void rollback() noexcept override {
    PGresult* result = pq_library().exec(connection_, "ROLLBACK");
    if (result) pq_library().clear(result);
  }

  void append_rows(const std::string& table, std::span<const std::string_view> columns,
                   std::span<const Param> cells) override {
    if (columns.empty() || cells.size() < columns.size()) return;
    const PqLibrary& pq = pq_library();
    std::string sql = "COPY " + table + "(";
    for (std::size_t i = 0; i < columns.size(); ++i)
      sql += (i ? "," : "") + std::string(columns[i]);
    execute(sql + ") FROM STDIN");
    std::string buffer;
    auto send = [&] {
      if (pq.put_copy_data(connection_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw DatabaseError(trimmed(pq.error_message(connection_)));
      }
      buffer.clear();
    };
    for (std::size_t at = 0; at + columns.size() <= cells.size(); at += columns.size()) {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c) buffer += '\t';
        append_copy_cell(buffer, cells[at + c]);
      }
      buffer += '\n';
      if (buffer.size() > (1 << 20)) send();
    }
    if (!buffer.empty()) send();
    if (pq.put_copy_end(connection_, nullptr) != 1) {
      throw DatabaseError(trimmed(pq.error_message(connection_)));
    }
    std::string error;
    while (PGresult* result = pq.get_result(connection_)) {
      if (pq.result_status(result) != PGRES_COMMAND_OK && error.empty()) {
        error = trimmed(pq.result_error_message(result));
      }
      pq.clear(result);
    }
    if (!error.empty()) throw DatabaseError(error);
  }

  std::int64_t size_bytes() override {
    Statement& size = prepare(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r'");
    size.bind({});
    std::int64_t bytes = size.step() ? size.integer(0) : 0;
    while (size.step()) {
    }
    return bytes;
  }

  // PostgreSQL's autovacuum makes deleted rows' space reusable by itself; returning it to the
  // file system (VACUUM FULL) would lock the tables against concurrent runs.
  void reclaim_space() override {}

 private:
  PGconn* connection_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// libpq's URI form takes options as query parameters: add a connect timeout and the
// application name unless the URL sets them.
std::string with_defaults(const std::string& conninfo) {
  const bool uri = conninfo.rfind("postgresql://", 0) == 0 || conninfo.rfind("postgres://", 0) == 0;
  std::string out = conninfo;
  auto add = [&](const std::string& key, const std::string& value) {
    if (conninfo.find(key + "=") != std::string::npos) return;
    if (uri) {
      out += (out.find('?') == std::string::npos ? "?" : "&") + key + "=" + value;
    } else {
      out += " " + key + "=" + value;
    }
  };
  add("connect_timeout", "5");
  add("application_name", "plumb");
  return out;
}

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& conninfo) {
  return std::make_unique<PgDatabase>(with_defaults(conninfo));
}

}  // namespace plumb::store
