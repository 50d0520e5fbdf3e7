// PayloadWriter and PayloadReader: JSON written with the telemetry helpers, read by a scanner
// of this one shape (parse_json only unescapes the strings that need it).
#include "runtime/store/row_payload.hpp"

#include <charconv>
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
