// PayloadWriter and PayloadReader: JSON written in place (strings escaped by
// append_json_string), read by a scanner of this one shape (parse_json only unescapes the strings
// that need it).
#include "runtime/store/row_payload.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <plumb/json.hpp>

#include "runtime/store/database.hpp"

namespace plumb::store {

void PayloadWriter::grow(std::size_t needed) {
  const std::size_t capacity = std::max<std::size_t>({needed, capacity_ * 2, 4096});
  auto larger = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ > 0) std::memcpy(larger.get(), buffer_.get(), size_);
  buffer_ = std::move(larger);
  capacity_ = capacity;
}

void PayloadWriter::put(std::string_view text) {
  std::memcpy(room(text.size()), text.data(), text.size());
  size_ += text.size();
}

void PayloadWriter::begin_row() {
  if (rows_++ > 0) put(',');
  put('[');
  first_cell_ = true;
}

void PayloadWriter::integer(std::int64_t value) {
  separate();
  char* at = room(20);  // -9223372036854775808
  if (value >= 0 && value < 10) {
    *at = static_cast<char>('0' + value);
    ++size_;
  } else {
    size_ = static_cast<std::size_t>(std::to_chars(at, at + 20, value).ptr - buffer_.get());
  }
}

void PayloadWriter::optional_integer(std::int64_t value) {
  if (value < 0) {
    separate();
    put("null");
  } else {
    integer(value);
  }
}

void PayloadWriter::real(double value) {
  separate();
  if (!std::isfinite(value)) {
    put("null");
  } else if (value == 0) {
    put('0');
  } else {
    char* at = room(32);  // the shortest round-trip form is at most 24 characters
    size_ = static_cast<std::size_t>(std::to_chars(at, at + 32, value).ptr - buffer_.get());
  }
}

void PayloadWriter::text(std::string_view value) {
  separate();
  escaped_.clear();
  append_json_string(escaped_, value);
  put(escaped_);
}

void PayloadWriter::optional_text(std::string_view value) {
  if (value.empty()) {
    separate();
    put("null");
  } else {
    text(value);
  }
}

std::string PayloadWriter::take() {
  put(']');
  std::string payload(buffer_.get(), size_);
  size_ = 0;
  rows_ = 0;
  put('[');
  return payload;
}

PayloadReader::PayloadReader(std::string_view text, std::size_t cells, std::string_view table)
    : text_(text), cells_(cells), table_(table) {
  skip_space();
  if (at_ >= text_.size() || text_[at_] != '[') malformed("no array");
  ++at_;
}

void PayloadReader::malformed(std::string_view what) const {
  throw DatabaseError("a payload of " + std::string(table_) + " is malformed at byte " +
                      std::to_string(at_) + ": " + std::string(what));
}

void PayloadReader::skip_space() {
  while (at_ < text_.size() &&
         (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
    ++at_;
}

bool PayloadReader::next_row() {
  if (in_row_) {
    if (cell_ != cells_)
      malformed("a row has " + std::to_string(cells_) + " cells, read " + std::to_string(cell_));
    skip_space();
    if (at_ < text_.size() && text_[at_] == ',') {
      ++at_;
    } else if (at_ >= text_.size() || text_[at_] != ']') {
      malformed("expected `,` or `]` after a row");
    }
  }
  skip_space();
  if (at_ < text_.size() && text_[at_] == ']') {
    ++at_;
    skip_space();
    if (at_ != text_.size()) malformed("text after the payload");
    in_row_ = false;
    return false;
  }
  if (at_ >= text_.size() || text_[at_] != '[') malformed("expected a row");
  ++at_;
  in_row_ = true;
  cell_ = 0;
  return true;
}

std::string_view PayloadReader::cell() {
  if (!in_row_ || cell_ >= cells_) malformed("more cells read than a row has");
  skip_space();
  const std::size_t start = at_;
  if (at_ < text_.size() && text_[at_] == '"') {
    for (++at_; at_ < text_.size() && text_[at_] != '"'; ++at_) {
      if (text_[at_] == '\\') ++at_;
    }
    if (at_ >= text_.size()) malformed("an unterminated string");
    ++at_;
  } else {
    const auto ends_token = [](char c) {
      return c == ',' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    };
    while (at_ < text_.size() && !ends_token(text_[at_]))
      ++at_;
  }
  const std::string_view token = text_.substr(start, at_ - start);
  if (token.empty()) malformed("an empty cell");
  skip_space();
  const bool last = ++cell_ == cells_;
  if (at_ >= text_.size() || text_[at_] != (last ? ']' : ',')) {
    malformed(last ? "expected `]` after a row's last cell" : "expected `,` after a cell");
  }
  ++at_;
  return token;
}

std::int64_t PayloadReader::integer(std::int64_t absent) {
  const std::string_view token = cell();
  if (token == "null") return absent;
  if (token == "true" || token == "false") return token == "true" ? 1 : 0;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error == std::errc() && end == token.data() + token.size()) return value;
  double number = 0;
  const auto [real_end, real_error] =
      std::from_chars(token.data(), token.data() + token.size(), number);
  if (real_error != std::errc() || real_end != token.data() + token.size()) {
    malformed("not a number: " + std::string(token));
  }
  return static_cast<std::int64_t>(number);
}

double PayloadReader::real() {
  const std::string_view token = cell();
  if (token == "null") return 0;
  double value = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error != std::errc() || end != token.data() + token.size()) {
    malformed("not a number: " + std::string(token));
  }
  return value;
}

std::string PayloadReader::text() {
  const std::string_view token = cell();
  if (token == "null") return {};
  if (token.front() != '"') malformed("not a string: " + std::string(token));
  if (token.find('\\') == std::string_view::npos) {
    return std::string(token.substr(1, token.size() - 2));
  }
  try {
    return std::string(parse_json(token).as_str());
  } catch (const JsonError& error) {
    malformed(error.what());
  }
}

}  // namespace plumb::store
