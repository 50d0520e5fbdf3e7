// The operators of the language on run-time values, and their static typing rules. The
// interpreter, the JIT's runtime calls and constant folding all use these functions, and the
// checker uses the matching *_type functions, so static and dynamic semantics agree.
// Operations throw plumb::ValueError (kinds: "type", "overflow", "division_by_zero",
// "missing_field", "index") with a lowercase message that names the operand types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <plumb/type.hpp>
#include <plumb/value.hpp>

namespace plumb::ops {

enum class Binary : std::uint8_t {
  Or,
  And,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  Add,
  Sub,
  Mul,
  Div,
  IntDiv,
  Mod
};
enum class Unary : std::uint8_t { Neg, Not };

std::string_view spelling(Binary op);
std::string_view spelling(Unary op);

// `and`/`or` here take two evaluated bools (the evaluators short-circuit themselves).
Value binary(Binary op, const Value& lhs, const Value& rhs);
Value unary(Unary op, const Value& operand);

// Checked 64-bit integer arithmetic (throw ValueError "overflow" / "division_by_zero").
std::int64_t add_int(std::int64_t a, std::int64_t b);
std::int64_t sub_int(std::int64_t a, std::int64_t b);
std::int64_t mul_int(std::int64_t a, std::int64_t b);
std::int64_t floor_div_int(std::int64_t a, std::int64_t b);
std::int64_t mod_int(std::int64_t a, std::int64_t b);

// Three-way comparison for `<` and sorting: numbers, strings (bytewise), bools and lists
// (lexicographically) are ordered; anything else throws ValueError "type".
int compare(const Value& lhs, const Value& rhs);

// `record.field`; throws "missing_field" or "type".
Value field(const Value& object, std::string_view name);
// `list[i]` (negative counts from the end), `record["key"]`, `str[i]` (one code point).
Value index(const Value& object, const Value& at);

// Requires a bool (conditions, `and`, `or`, `not`); throws "type" naming `what`.
bool truth(const Value& value, std::string_view what);

// The text of a value as `str(x)` and `${x}` produce it: strings as they are, other values
// as JSON (`1.0`, `true`, `null`, `[1, 2]`).
std::string to_text(const Value& value);

// Static result types. Return Type::error() when no operand values could ever work, so the
// checker can report a provable mismatch; Type::any() when it depends on run-time values.
Type binary_type(Binary op, Type lhs, Type rhs);
Type unary_type(Unary op, Type operand);
Type field_type(Type object, std::string_view name);  // error for a closed record without it
Type index_type(Type object, Type at);

}  // namespace plumb::ops
