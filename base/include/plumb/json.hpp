// JSON conversion of values. Output keeps record key order, writes floats in their shortest
// round-trip form with a `.0` when integral (so `1.0` stays a float), writes non-finite floats
// as `null`, and replaces invalid UTF-8 with U+FFFD. Input maps integers that fit in 64 bits
// to `int`, other numbers to `float`, objects to records (a repeated key keeps its first
// position and its last value).
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include <plumb/value.hpp>

namespace plumb {

struct JsonOptions {
  // -1: compact on one line; >= 0: pretty-printed with that many spaces per level, for the
  // first 64 levels (deeper ones are written on one line).
  int indent = -1;
  // Writing stops once this many bytes are written (the text is then cut short and not valid
  // JSON; a string is cut at the limit): for excerpts of values that may be huge.
  std::size_t max_bytes = std::numeric_limits<std::size_t>::max();
  // Called after each MiB of output; a stage passes its cancellation check, which throws to
  // stop writing a value that is too large to finish in time.
  std::function<void()> on_progress;
};

// Values of any depth are written without recursion.
std::string to_json(const Value& value, const JsonOptions& options = {});
void append_json(std::string& out, const Value& value, const JsonOptions& options = {});
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

// Parses one JSON document (nested at most 512 levels deep; numbers beyond the range of a
// double are errors); throws JsonError with a 1-based line and column.
Value parse_json(std::string_view text);
// The same, calling `on_progress` every 65,536 values: a stage passes its cancellation check,
// which throws to stop parsing a document too large to finish in time.
Value parse_json(std::string_view text, const std::function<void()>& on_progress);

}  // namespace plumb
