// JSON conversion of values. Output keeps record key order, writes floats in their shortest
// round-trip form with a `.0` when integral (so `1.0` stays a float), writes non-finite floats
// as `null`, and replaces invalid UTF-8 with U+FFFD. Input maps integers that fit in 64 bits
// to `int`, other numbers to `float`, objects to records (a repeated key keeps its first
// position and its last value).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <plumb/value.hpp>

namespace plumb {

struct JsonOptions {
  int indent = -1;  // -1: compact on one line; >= 0: pretty-printed with that many spaces
};

std::string to_json(const Value& value, JsonOptions options = {});
void append_json(std::string& out, const Value& value, JsonOptions options = {});
// Appends `text` as a JSON string literal: `"`, `\` and control characters escaped, invalid
// UTF-8 replaced by U+FFFD, so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

class JsonError : public std::runtime_error {
 public:
  JsonError(std::size_t line, std::size_t column, const std::string& message)
      : std::runtime_error(message), line_(line), column_(column) {}
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }

 private:
  std::size_t line_;
  std::size_t column_;
};

// Parses one JSON document; throws JsonError with a 1-based line and column.
Value parse_json(std::string_view text);

}  // namespace plumb
