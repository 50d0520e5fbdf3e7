// Literal decoding for the AST builder.
#include "compiler/parse/literals.hpp"

#include <charconv>
#include <cmath>

namespace plumb::parse {
namespace {

std::string without_separators(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '_') out += c;
  }
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::optional<std::int64_t> decode_integer(std::string_view digits, bool negated) {
  std::string text = without_separators(digits);
  std::uint64_t magnitude = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  constexpr std::uint64_t kMaxPositive = static_cast<std::uint64_t>(INT64_MAX);
  if (!negated) {
    if (magnitude > kMaxPositive) return std::nullopt;
    return static_cast<std::int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive + 1) return std::nullopt;
  return magnitude == kMaxPositive + 1 ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
}

std::optional<double> decode_float(std::string_view spelling) {
  std::string text = without_separators(spelling);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> decode_duration(std::string_view text) {
  double scale = 1;
  std::size_t unit = 1;
  if (text.ends_with("ms")) {
    scale = 0.001;
    unit = 2;
  } else if (text.ends_with('m')) {
    scale = 60;
  } else if (text.ends_with('h')) {
    scale = 3600;
  }
  auto value = decode_float(text.substr(0, text.size() - unit));
  if (!value || !std::isfinite(*value * scale)) return std::nullopt;
  return *value * scale;
}

std::optional<std::string> decode_escape(std::string_view escape) {
  switch (escape.at(1)) {
    case 'n':
      return "\n";
    case 't':
      return "\t";
    case 'r':
      return "\r";
    case '0':
      return std::string(1, '\0');
    case 'u': {
      std::string_view hex = escape.substr(3, escape.size() - 4);
      std::uint32_t cp = 0;
      std::from_chars(hex.data(), hex.data() + hex.size(), cp, 16);
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
      std::string out;
      append_utf8(out, cp);
      return out;
    }
    default:
      return std::string(1, escape[1]);  // `"`, `\` or `$`
  }
}

}  // namespace plumb::parse
