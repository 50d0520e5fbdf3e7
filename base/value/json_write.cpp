// JSON output of values, hand-written with no intermediate DOM. One-line output separates
// items with ", " and keys from values with ": " (like Python's json.dumps); floats use the
// shortest round-trip digits in Python's repr notation; invalid UTF-8 becomes U+FFFD.
#include <plumb/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "base/value/unicode.hpp"

namespace plumb {
namespace {

// Shortest round-trip digits from std::to_chars, laid out like Python's repr: positional
// notation for exponents -4..15 (always with a fraction, `1.0`), otherwise `1e+16`, `1e-05`.
void append_float(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buffer[32];
  char* end = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::scientific).ptr;
  std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  std::size_t e = text.find('e');
  int exponent = 0;
  std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), end, exponent);
  if (exponent < -4 || exponent >= 16) {
    out += text;
    return;
  }
  std::string_view mantissa = text.substr(0, e);
  if (mantissa.front() == '-') {
    out.push_back('-');
    mantissa.remove_prefix(1);
  }
  std::array<char, 20> digits{};
  std::size_t count = 0;
  for (char c : mantissa) {
    if (c != '.') digits[count++] = c;
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out.append(digits.data(), count);
    return;
  }
  auto whole = static_cast<std::size_t>(exponent) + 1;
  if (count <= whole) {
    out.append(digits.data(), count);
    out.append(whole - count, '0');
    out += ".0";
  } else {
    out.append(digits.data(), whole);
    out.push_back('.');
    out.append(digits.data() + whole, count - whole);
  }
}

void append_newline(std::string& out, int indent, std::size_t depth) {
  out.push_back('\n');
  out.append(static_cast<std::size_t>(indent) * depth, ' ');
}

void append_value(std::string& out, const Value& value, int indent, std::size_t depth) {
  switch (value.kind()) {
    case ValueKind::Null:
      out += "null";
      return;
    case ValueKind::Bool:
      out += value.as_bool() ? "true" : "false";
      return;
    case ValueKind::Int: {
      char buffer[24];
      out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value.as_int()).ptr);
      return;
    }
    case ValueKind::Float:
      append_float(out, value.as_float());
      return;
    case ValueKind::Str:
      append_json_string(out, value.as_str());
      return;
    case ValueKind::List: {
      auto items = value.as_list();
      out.push_back('[');
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += indent < 0 ? ", " : ",";
        if (indent >= 0) append_newline(out, indent, depth + 1);
        append_value(out, items[i], indent, depth + 1);
      }
      if (indent >= 0 && !items.empty()) append_newline(out, indent, depth);
      out.push_back(']');
      return;
    }
    case ValueKind::Record: {
      auto values = value.field_values();
      ShapeView shape = value.shape();
      out.push_back('{');
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += indent < 0 ? ", " : ",";
        if (indent >= 0) append_newline(out, indent, depth + 1);
        append_json_string(out, shape.key(i));
        out += ": ";
        append_value(out, values[i], indent, depth + 1);
      }
      if (indent >= 0 && !values.empty()) append_newline(out, indent, depth);
      out.push_back('}');
      return;
    }
    case ValueKind::Absent:
    case ValueKind::Shape:
      break;
  }
  throw std::logic_error("an internal `" + std::string(type_name(value)) +
                         "` value cannot be written as JSON");
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++pos;
      continue;
    }
    if (c >= 0x80) {
      unicode::Decoded unit = unicode::decode(text, pos);
      if (unit.valid) {
        pos += unit.length;
        continue;
      }
    }
    out.append(text.data() + run, pos - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
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
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD for an invalid byte
        }
    }
    run = ++pos;
  }
  out.append(text.data() + run, pos - run);
  out.push_back('"');
}

void append_json(std::string& out, const Value& value, JsonOptions options) {
  append_value(out, value, options.indent, 0);
}

std::string to_json(const Value& value, JsonOptions options) {
  std::string out;
  append_json(out, value, options);
  return out;
}

}  // namespace plumb
