// JSON output of values, hand-written with no intermediate DOM. One-line output separates
// items with ", " and keys from values with ": " (like Python's json.dumps); floats use the
// shortest round-trip digits in Python's repr notation; invalid UTF-8 becomes U+FFFD. Values of
// any depth are written without recursion.
#include <plumb/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "base/value/unicode.hpp"
#include "base/value/walk_stack.hpp"

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

// How much output there is between two calls of JsonOptions::on_progress.
constexpr std::size_t kProgressBytes = std::size_t{1} << 20;
// Pretty-printing indents this many levels; deeper containers are written on one line, so the
// indentation of a deeply nested value cannot make its text grow with the square of its depth.
constexpr std::size_t kMaxIndentedDepth = 64;

// A list or record being written: its slots, the next one to write, and the record's keys.
struct OpenContainer {
  const Value* slots;
  std::size_t size;
  std::size_t next;
  const detail::Object* shape;  // null for a list
};

// Writes a value without recursion, so values of any depth can be written.
class Writer {
 public:
  Writer(std::string& out, const JsonOptions& options)
      : out_(out),
        options_(options),
        end_(options.max_bytes < SIZE_MAX - out.size() ? out.size() + options.max_bytes
                                                       : SIZE_MAX) {
    next_checkpoint();
  }

  void write(const Value& root) {
    if (!open(root)) return;
    for (;;) {
      OpenContainer* container = &open_.top();
      while (container->next < container->size) {
        if (out_.size() >= checkpoint_ && stop_at_checkpoint()) return;
        if (container->next > 0) out_ += indented(open_.size()) ? "," : ", ";
        begin_slot(*container);
        if (open(container->slots[container->next++])) container = &open_.top();
      }
      close();
      if (open_.empty()) return;
    }
  }

 private:
  // The output size at which writing stops for on_progress or for good at max_bytes.
  void next_checkpoint() {
    std::size_t progress = options_.on_progress ? out_.size() + kProgressBytes : SIZE_MAX;
    checkpoint_ = std::min(end_, progress);
  }

  // At a checkpoint: true when max_bytes is reached, else calls on_progress (which may throw).
  bool stop_at_checkpoint() {
    if (out_.size() >= end_) return true;
    options_.on_progress();
    next_checkpoint();
    return false;
  }

  // Whether the slots of a container `depth` levels deep go on lines of their own.
  bool indented(std::size_t depth) const {
    return options_.indent >= 0 && depth <= kMaxIndentedDepth;
  }

  // Writes a scalar, or the opening bracket of a container; true when the container has
  // slots to write.
  bool open(const Value& value) {
    switch (value.kind()) {
      case ValueKind::Null:
        out_ += "null";
        return false;
      case ValueKind::Bool:
        out_ += value.as_bool() ? "true" : "false";
        return false;
      case ValueKind::Int: {
        char buffer[24];
        out_.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value.as_int()).ptr);
        return false;
      }
      case ValueKind::Float:
        append_float(out_, value.as_float());
        return false;
      case ValueKind::Str: {
        std::string_view text = value.as_str();
        std::size_t room = end_ - out_.size();
        append_json_string(out_, text.size() > room ? text.substr(0, room) : text);
        return false;
      }
      case ValueKind::List:
      case ValueKind::Record: {
        bool record = value.is_record();
        std::span<const Value> slots = record ? value.field_values() : value.as_list();
        out_.push_back(record ? '{' : '[');
        if (slots.empty()) {
          out_.push_back(record ? '}' : ']');
          return false;
        }
        open_.push({slots.data(), slots.size(), 0, record ? value.shape().object() : nullptr});
        return true;
      }
      case ValueKind::Absent:
      case ValueKind::Shape:
        break;
    }
    throw std::logic_error("an internal `" + std::string(type_name(value)) +
                           "` value cannot be written as JSON");
  }

  // Writes the closing bracket of the innermost container.
  void close() {
    bool record = open_.top().shape != nullptr;
    bool on_lines = indented(open_.size());
    open_.pop();
    if (on_lines) append_newline(out_, options_.indent, open_.size());
    out_.push_back(record ? '}' : ']');
  }

  // The line break and indentation before a slot, and a record slot's key.
  void begin_slot(const OpenContainer& container) {
    if (indented(open_.size())) append_newline(out_, options_.indent, open_.size());
    if (container.shape == nullptr) return;
    append_json_string(out_, ShapeView(container.shape).key(container.next));
    out_ += ": ";
  }

  std::string& out_;
  const JsonOptions& options_;
  std::size_t end_;  // where max_bytes ends the text
  std::size_t checkpoint_ = 0;
  WalkStack<OpenContainer> open_;
};

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

void append_json(std::string& out, const Value& value, const JsonOptions& options) {
  Writer(out, options).write(value);
}

std::string to_json(const Value& value, const JsonOptions& options) {
  std::string out;
  append_json(out, value, options);
  return out;
}

}  // namespace plumb
