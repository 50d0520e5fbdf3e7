// PayloadWriter and the payload reader: JSON written with the telemetry helpers, read with
// parse_json.
#include "runtime/store/row_payload.hpp"

#include <cmath>

#include <plumb/json.hpp>

#include "runtime/store/database.hpp"
#include "runtime/telemetry/json_text.hpp"

namespace plumb::store {

void PayloadWriter::begin_row() {
  if (rows_++ > 0) out_ += ',';
  out_ += '[';
  first_cell_ = true;
}

void PayloadWriter::integer(std::int64_t value) {
  separate();
  telemetry::append_int(out_, value);
}

void PayloadWriter::optional_integer(std::int64_t value) {
  if (value < 0) {
    separate();
    out_ += "null";
  } else {
    integer(value);
  }
}

void PayloadWriter::real(double value) {
  separate();
  if (std::isfinite(value)) {
    telemetry::append_double(out_, value);
  } else {
    out_ += "null";
  }
}

void PayloadWriter::text(std::string_view value) {
  separate();
  append_json_string(out_, value);
}

void PayloadWriter::optional_text(std::string_view value) {
  if (value.empty()) {
    separate();
    out_ += "null";
  } else {
    text(value);
  }
}

std::string PayloadWriter::take() {
  out_ += ']';
  std::string payload = std::move(out_);
  out_ = "[";
  rows_ = 0;
  return payload;
}

Value read_payload(std::string_view text, std::size_t cells, std::string_view table) {
  Value rows;
  try {
    rows = parse_json(text);
  } catch (const JsonError& error) {
    throw DatabaseError("a row of " + std::string(table) + " is not valid JSON: " + error.what());
  }
  bool valid = rows.is_list();
  if (valid) {
    for (const Value& row : rows.as_list())
      valid = valid && row.is_list() && row.as_list().size() == cells;
  }
  if (!valid) {
    throw DatabaseError("a row of " + std::string(table) + " is not an array of " +
                        std::to_string(cells) + "-cell arrays");
  }
  return rows;
}

std::int64_t integer_cell(const Value& cell, std::int64_t absent) {
  if (cell.is_int()) return cell.as_int();
  if (cell.is_float()) return static_cast<std::int64_t>(cell.as_float());
  if (cell.is_bool()) return cell.as_bool() ? 1 : 0;
  return absent;
}

double real_cell(const Value& cell) {
  return cell.is_number() ? cell.as_number() : 0.0;
}

std::string text_cell(const Value& cell) {
  return cell.is_str() ? std::string(cell.as_str()) : std::string();
}

}  // namespace plumb::store
