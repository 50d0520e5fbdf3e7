// Built-ins that convert and inspect values: len, str, int, float, bool, contains, to_json,
// from_json and now.
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>

#include <plumb/json.hpp>

#include "base/value/builtins_impl.hpp"
#include "base/value/ops.hpp"
#include "base/value/unicode.hpp"

namespace plumb::builtins::impl {
namespace {

constexpr std::string_view kConvertible = "a number, `str` or `bool`";

std::string_view trim_ascii(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\n\r\f\v";
  std::size_t begin = text.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kBlanks) - begin + 1);
}

[[noreturn]] void cannot_convert(const Value& value, std::string_view type) {
  value_error("cannot convert `" + describe(value) + "` to `" + std::string(type) + "`");
}

// Removes one leading `+` or `-`; true for `-`.
bool take_sign(std::string_view& text) {
  bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  return negative;
}

// Strict decimal: optional sign, digits, surrounding ASCII white space.
std::int64_t parse_int(const Value& value) {
  std::string_view text = trim_ascii(value.as_str());
  bool negative = take_sign(text);
  std::uint64_t magnitude = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), magnitude);
  constexpr auto kLimit = static_cast<std::uint64_t>(INT64_MAX);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) || error != std::errc() ||
      end != text.data() + text.size() || magnitude > kLimit + (negative ? 1 : 0)) {
    cannot_convert(value, "int");
  }
  return negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

// A finite decimal number (`1.5`, `-2`, `1e3`); no `inf`, `nan` or hexadecimal.
double parse_float(const Value& value) {
  std::string_view text = trim_ascii(value.as_str());
  bool negative = take_sign(text);
  double result = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (text.empty() || !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.') ||
      error != std::errc() || end != text.data() + text.size() || !std::isfinite(result)) {
    cannot_convert(value, "float");
  }
  return negative ? -result : result;
}

bool ascii_equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (unicode::to_lower(static_cast<unsigned char>(a[i])) != static_cast<unsigned char>(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace

Value call_len(Args args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::Str:
      return Value::integer(static_cast<std::int64_t>(unicode::code_point_count(x.as_str())));
    case ValueKind::List:
      return Value::integer(static_cast<std::int64_t>(x.as_list().size()));
    case ValueKind::Record:
      return Value::integer(static_cast<std::int64_t>(x.field_values().size()));
    default:
      type_error("len", 0, "a `str`, `list` or `record`", x);
  }
}

Inferred infer_len(Types args, TypeProblem& problem) {
  Type x = args[0];
  if (may_be(x, TypeKind::Str) || may_be(x, TypeKind::List) || may_be(x, TypeKind::Record)) {
    return Type::integer();
  }
  return impl::problem(problem, "len", 0, "a `str`, `list` or `record`", x);
}

Value call_str(Args args) {
  if (args[0].is_str()) return args[0];
  return Value::string(ops::to_text(args[0]));
}

Inferred infer_str(Types, TypeProblem&) {
  return Type::string();
}

Value call_int(Args args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::Int:
      return x;
    case ValueKind::Float:
      return Value::integer(to_int(std::trunc(x.as_float()), x.as_float()));
    case ValueKind::Str:
      return Value::integer(parse_int(x));
    case ValueKind::Bool:
      return Value::integer(x.as_bool() ? 1 : 0);
    default:
      type_error("int", 0, kConvertible, x);
  }
}

Inferred infer_int(Types args, TypeProblem& problem) {
  Type x = args[0];
  if (may_be_number(x) || may_be(x, TypeKind::Str) || may_be(x, TypeKind::Bool)) {
    return Type::integer();
  }
  return impl::problem(problem, "int", 0, kConvertible, x);
}

Value call_float(Args args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::Int:
      return Value::number(static_cast<double>(x.as_int()));
    case ValueKind::Float:
      return x;
    case ValueKind::Str:
      return Value::number(parse_float(x));
    case ValueKind::Bool:
      return Value::number(x.as_bool() ? 1.0 : 0.0);
    default:
      type_error("float", 0, kConvertible, x);
  }
}

Inferred infer_float(Types args, TypeProblem& problem) {
  Type x = args[0];
  if (may_be_number(x) || may_be(x, TypeKind::Str) || may_be(x, TypeKind::Bool)) {
    return Type::number();
  }
  return impl::problem(problem, "float", 0, kConvertible, x);
}

Value call_bool(Args args) {
  const Value& x = args[0];
  switch (x.kind()) {
    case ValueKind::Bool:
      return x;
    case ValueKind::Int:
      return Value::boolean(x.as_int() != 0);
    case ValueKind::Float:
      return Value::boolean(x.as_float() != 0);
    case ValueKind::Str:
      if (ascii_equal_ignoring_case(x.as_str(), "true")) return Value::boolean(true);
      if (ascii_equal_ignoring_case(x.as_str(), "false")) return Value::boolean(false);
      cannot_convert(x, "bool");
    case ValueKind::List:
      return Value::boolean(!x.as_list().empty());
    case ValueKind::Record:
      return Value::boolean(!x.field_values().empty());
    default:
      return Value::boolean(false);
  }
}

Inferred infer_bool(Types, TypeProblem&) {
  return Type::boolean();
}

Value call_contains(Args args) {
  const Value& haystack = args[0];
  switch (haystack.kind()) {
    case ValueKind::Str:
      return Value::boolean(haystack.as_str().find(str_arg(args, 1, "contains")) !=
                            std::string_view::npos);
    case ValueKind::List:
      for (const Value& item : haystack.as_list()) {
        if (item == args[1]) return Value::boolean(true);
      }
      return Value::boolean(false);
    case ValueKind::Record:
      return Value::boolean(haystack.find_field(str_arg(args, 1, "contains")) != nullptr);
    default:
      type_error("contains", 0, "a `str`, `list` or `record`", haystack);
  }
}

Inferred infer_contains(Types args, TypeProblem& problem) {
  Type haystack = non_null(args[0]);
  if (haystack.is(TypeKind::Str) || haystack.is(TypeKind::Record)) {
    if (!may_be(args[1], TypeKind::Str)) {
      return impl::problem(problem, "contains", 1, "a `str`", args[1]);
    }
  } else if (!haystack.is_any() && !haystack.is(TypeKind::List)) {
    return impl::problem(problem, "contains", 0, "a `str`, `list` or `record`", args[0]);
  }
  return Type::boolean();
}

Value call_to_json(Args args) {
  return Value::string(to_json(args[0]));
}

Inferred infer_to_json(Types, TypeProblem&) {
  return Type::string();
}

Value call_from_json(Args args) {
  std::string_view text = str_arg(args, 0, "from_json");
  try {
    return parse_json(text);
  } catch (const JsonError& error) {
    value_error("invalid JSON at " + std::to_string(error.line()) + ":" +
                std::to_string(error.column()) + ": " + error.what());
  }
}

Inferred infer_from_json(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::Str)) {
    return impl::problem(problem, "from_json", 0, "a `str`", args[0]);
  }
  return Type::any();
}

Value call_now(Args) {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Value::number(std::chrono::duration<double>(since_epoch).count());
}

Inferred infer_now(Types, TypeProblem&) {
  return Type::number();
}

}  // namespace plumb::builtins::impl
