// io.read_csv and io.write_csv: RFC 4180 CSV (quoted fields, doubled quotes, line breaks
// inside quotes, CRLF or LF line ends). Reading gives one record per row keyed by the header
// (or `col1`, `col2`, ... without one); blank lines are skipped. With `infer`, unquoted cells
// that are integers become int, other numbers float, and empty cells null; quoted cells always
// stay str. Writing takes the header from the first record's keys, quotes cells that need it
// and ends every line with \n.
#include "stdlib/arguments.hpp"
#include "stdlib/cancellation.hpp"
#include "stdlib/files.hpp"
#include "stdlib/io_support.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include <plumb/json.hpp>

#include <charconv>
#include <unordered_set>

namespace plumb::stdlib {

namespace {

struct Cell {
  std::string text;
  bool quoted = false;
};

struct Row {
  std::vector<Cell> cells;
  std::size_t line = 0;  // where the row starts, 1-based
};

[[noreturn]] void fail_line(const StageContext& ctx, const std::string& path, std::size_t line,
                            const std::string& problem) {
  ctx.fail("line " + std::to_string(line) + " of " + quote(path) + ": " + problem);
}

// Parses all rows; on malformed input fails the stage naming the line.
std::vector<Row> parse_csv(const StageContext& ctx, std::string_view text, char sep,
                           const std::string& path) {
  std::vector<Row> rows;
  std::size_t pos = 0;
  std::size_t line = 1;
  CancellationCheck cancellation(ctx);
  while (pos < text.size()) {
    cancellation.tick();
    Row row;
    row.line = line;
    for (;;) {
      Cell cell;
      if (pos < text.size() && text[pos] == '"') {
        cell.quoted = true;
        std::size_t opened = line;
        ++pos;
        for (;;) {
          if (pos >= text.size()) fail_line(ctx, path, opened, "unterminated quoted field");
          char c = text[pos];
          if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
            cell.text += '"';
            pos += 2;
          } else if (c == '"') {
            ++pos;
            break;
          } else {
            if (c == '\n') ++line;
            cell.text += c;
            ++pos;
          }
        }
        bool at_end = pos >= text.size() || text[pos] == sep || text[pos] == '\n' ||
                      (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n');
        if (!at_end) fail_line(ctx, path, line, "unexpected character after a closing quote");
      } else {
        std::size_t start = pos;
        while (pos < text.size() && text[pos] != sep && text[pos] != '\n' &&
               !(text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n')) {
          ++pos;
        }
        cell.text = text.substr(start, pos - start);
      }
      row.cells.push_back(std::move(cell));
      if (pos < text.size() && text[pos] == sep) {
        ++pos;
        continue;
      }
      if (pos < text.size()) {
        pos += text[pos] == '\r' ? 2 : 1;
        ++line;
      }
      break;
    }
    bool blank = row.cells.size() == 1 && !row.cells[0].quoted && row.cells[0].text.empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

Value infer_cell(const Cell& cell) {
  if (cell.quoted) return Value::string(cell.text);
  const std::string& s = cell.text;
  if (s.empty()) return Value();
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  std::int64_t i = 0;
  auto int_result = std::from_chars(begin, end, i);
  if (int_result.ec == std::errc() && int_result.ptr == end) return Value::integer(i);
  bool numeric = s.find_first_not_of("0123456789+-.eE") == std::string::npos &&
                 s.find_first_of("0123456789") != std::string::npos;
  double d = 0;
  auto float_result = std::from_chars(begin, end, d);
  if (numeric && float_result.ec == std::errc() && float_result.ptr == end) {
    return Value::number(d);
  }
  return Value::string(s);
}

void check_sep(const StageContext& ctx, const Value& value) {
  if (!value.is_str()) return;
  std::string_view sep = value.as_str();
  if (sep.size() != 1 || static_cast<unsigned char>(sep[0]) >= 0x80 || sep[0] == '"' ||
      sep[0] == '\n' || sep[0] == '\r') {
    ctx.fail("argument `sep` must be one ASCII character other than a quote or a line break, " +
             std::string("not ") + quote(sep));
  }
}

Value run_read_csv(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::string_view sep = ctx.str_arg("sep");
  bool header = ctx.bool_arg("header");
  bool infer = ctx.bool_arg("infer");
  check_sep(ctx, ctx.arg("sep"));
  std::string data = read_file(ctx, path);
  ctx.bytes(static_cast<std::int64_t>(data.size()), 0);
  std::vector<Row> rows = parse_csv(ctx, strip_bom(data), sep[0], path);
  if (rows.empty()) {
    ctx.items(0, 0);
    return Value::list(std::vector<Value>{});
  }
  std::vector<std::string> keys;
  std::size_t first = 0;
  if (header) {
    std::unordered_set<std::string> seen;
    for (Cell& cell : rows[0].cells) {
      if (!seen.insert(cell.text).second) {
        fail_line(ctx, path, rows[0].line, "duplicate column name " + quote(cell.text));
      }
      keys.push_back(std::move(cell.text));
    }
    first = 1;
  } else {
    for (std::size_t i = 1; i <= rows[0].cells.size(); ++i)
      keys.push_back("col" + std::to_string(i));
  }
  Shape shape{std::span<const std::string>(keys)};
  std::vector<Value> out;
  out.reserve(rows.size() - first);
  for (std::size_t r = first; r < rows.size(); ++r) {
    Row& row = rows[r];
    if (row.cells.size() != keys.size()) {
      fail_line(ctx, path, row.line,
                "expected " + std::to_string(keys.size()) + " fields, found " +
                    std::to_string(row.cells.size()));
    }
    std::vector<Value> values;
    values.reserve(keys.size());
    for (Cell& cell : row.cells) {
      values.push_back(infer ? infer_cell(cell) : Value::string(cell.text));
    }
    out.push_back(Value::record(shape, std::move(values)));
  }
  ctx.items(0, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

void append_cell(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string key_list(ShapeView shape) {
  std::vector<Value> keys;
  for (std::size_t i = 0; i < shape.size(); ++i)
    keys.push_back(Value::string(shape.key(i)));
  return to_json(Value::list(std::move(keys)));
}

Value run_write_csv(StageContext& ctx) {
  std::string path(ctx.str_arg("path"));
  std::span<const Value> rows = ctx.list_arg("value");
  std::string data;
  if (!rows.empty()) {
    ShapeView header = record_item(ctx, "value", rows, 0).shape();
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (k > 0) data += ',';
      append_cell(data, header.key(k));
    }
    data += '\n';
    JsonOptions json = cancellable_json(ctx);
    CancellationCheck cancellation(ctx);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      cancellation.tick();
      const Value& row = record_item(ctx, "value", rows, r);
      bool same = row.shape().size() == header.size();
      for (std::size_t k = 0; same && k < header.size(); ++k) {
        same = row.find_field(header.key(k)) != nullptr;
      }
      if (!same) {
        ctx.fail("argument `value`: row " + std::to_string(r) + " has keys " +
                 key_list(row.shape()) + ", row 0 has " + key_list(header));
      }
      for (std::size_t k = 0; k < header.size(); ++k) {
        if (k > 0) data += ',';
        const Value& cell = *row.find_field(header.key(k));
        if (cell.is_str()) {
          append_cell(data, cell.as_str());
        } else if (!cell.is_null()) {
          append_cell(data, to_json(cell, json));
        }
      }
      data += '\n';
    }
  }
  std::int64_t written = write_file_atomic(ctx, path, data);
  ctx.bytes(0, written);
  ctx.items(static_cast<std::int64_t>(rows.size()), 0);
  return Value::integer(written);
}

}  // namespace

void register_io_csv(StageRegistry& registry) {
  registry.add(make_stage(
      "io.read_csv",
      {path_param("file to read"),
       optional("sep", Type::string(), Value::string(","), "field separator, one character"),
       optional("header", Type::boolean(), Value::boolean(true),
                "the first row names the columns (else keys are col1, col2, ...)"),
       optional("infer", Type::boolean(), Value::boolean(false),
                "unquoted numbers become int/float and empty cells null")},
      Type::list(Type::record()), Purity::Volatile,
      "RFC 4180 CSV as records keyed by the header (col1, col2, ... without one)", run_read_csv,
      constant_checks("io.read_csv", {{"sep", check_sep}})));
  registry.add(make_stage(
      "io.write_csv",
      {path_param("file to replace (parent directories are created)"),
       required("value", Type::list(Type::record()), "records with the same keys")},
      Type::integer(), Purity::Effect,
      "write records as RFC 4180 CSV (header from the first record's keys) atomically; returns "
      "bytes written",
      run_write_csv));
}

}  // namespace plumb::stdlib
