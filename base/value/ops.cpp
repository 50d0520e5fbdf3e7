// Run-time semantics of the operators: checked integer arithmetic, Python-style floor division
// and modulo, float arithmetic that fails instead of making an infinity or a NaN, ordering
// (exact between large ints and floats), field access and indexing. Scalar operations never
// allocate; error messages are only built on the failure path.
#include "base/value/ops.hpp"

#include <cmath>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <plumb/error.hpp>
#include <plumb/json.hpp>

#include "base/value/unicode.hpp"
#include "base/value/walk_stack.hpp"

namespace plumb::ops {
namespace {

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

[[noreturn, gnu::cold, gnu::noinline]] void fail(const char* kind, const std::string& message) {
  throw ValueError(kind, message);
}

[[noreturn, gnu::cold, gnu::noinline]] void overflow(Binary op) {
  fail("overflow", "integer overflow in " + code(spelling(op)));
}

// A float result that is not finite: an overflow (`1.7e308 * 10`), or not a number when an
// operand already was infinite (plumb's own operations never make one).
[[noreturn, gnu::cold, gnu::noinline]] void float_error(Binary op, double result) {
  if (std::isinf(result)) fail("overflow", "float overflow in " + code(spelling(op)));
  fail("overflow", "float " + code(spelling(op)) + " of infinite operands is not a number");
}

double finite(Binary op, double result) {
  if (!std::isfinite(result)) [[unlikely]]
    float_error(op, result);
  return result;
}

[[noreturn, gnu::cold, gnu::noinline]] void division_by_zero() {
  fail("division_by_zero", "division by zero");
}

[[noreturn, gnu::cold, gnu::noinline]] void operand_error(Binary op, const Value& lhs,
                                                          const Value& rhs) {
  std::string a = code(type_name(lhs));
  std::string b = code(type_name(rhs));
  switch (op) {
    case Binary::Add:
      fail("type", "cannot add " + a + " and " + b);
    case Binary::Sub:
      fail("type", "cannot subtract " + b + " from " + a);
    case Binary::Mul:
      fail("type", "cannot multiply " + a + " by " + b);
    case Binary::Div:
      fail("type", "cannot divide " + a + " by " + b);
    case Binary::And:
    case Binary::Or:
      fail("type", code(spelling(op)) + " needs two `bool` operands, not " + a + " and " + b);
    case Binary::Lt:
    case Binary::Le:
    case Binary::Gt:
    case Binary::Ge:
      fail("type", "cannot compare " + a + " with " + b);
    default:
      fail("type", "cannot apply " + code(spelling(op)) + " to " + a + " and " + b);
  }
}

std::string count_of(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

[[noreturn, gnu::cold, gnu::noinline]] void out_of_range(std::int64_t at, std::size_t size,
                                                         std::string_view container,
                                                         std::string_view noun) {
  fail("index", "index " + std::to_string(at) + " is out of range for a " + std::string(container) +
                    " of " + count_of(size, noun));
}

// A list or string position from an index that may count from the end.
bool resolve(std::int64_t at, std::size_t size, std::size_t& position) {
  auto n = static_cast<std::int64_t>(size);
  std::int64_t i = at < 0 ? at + n : at;
  if (i < 0 || i >= n) return false;
  position = static_cast<std::size_t>(i);
  return true;
}

std::partial_ordering compare_int_float(std::int64_t i, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d >= 0x1p63) return std::partial_ordering::less;
  if (d < -0x1p63) return std::partial_ordering::greater;
  double whole = std::trunc(d);
  auto w = static_cast<std::int64_t>(whole);
  if (i != w) return i <=> w;
  return 0.0 <=> d - whole;  // the fraction is exact
}

// Numeric order; unordered when a NaN is involved.
std::partial_ordering compare_numbers(const Value& lhs, const Value& rhs) {
  if (lhs.is_int()) {
    if (rhs.is_int()) return lhs.as_int() <=> rhs.as_int();
    return compare_int_float(lhs.as_int(), rhs.as_float());
  }
  if (rhs.is_int()) return 0 <=> compare_int_float(rhs.as_int(), lhs.as_float());
  return lhs.as_float() <=> rhs.as_float();
}

int sign(std::partial_ordering order) {
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

bool is_nan(const Value& v) {
  return v.is_float() && std::isnan(v.as_float());
}

bool ordered(Binary op, std::partial_ordering order) {
  switch (op) {
    case Binary::Lt:
      return order < 0;
    case Binary::Le:
      return order <= 0;
    case Binary::Gt:
      return order > 0;
    default:
      return order >= 0;
  }
}

Value concat_strings(std::string_view a, std::string_view b) {
  thread_local std::string buffer;
  buffer.assign(a);
  buffer.append(b);
  return Value::string(buffer);
}

Value concat_lists(std::span<const Value> a, std::span<const Value> b) {
  std::vector<Value> items;
  items.reserve(a.size() + b.size());
  items.insert(items.end(), a.begin(), a.end());
  items.insert(items.end(), b.begin(), b.end());
  return Value::list(std::move(items));
}

double float_floor_div(double a, double b) {
  if (b == 0) division_by_zero();
  return std::floor(a / b);
}

double float_mod(double a, double b) {
  if (b == 0) division_by_zero();
  double r = std::fmod(a, b);
  if (r == 0) return std::copysign(0.0, b);
  return (r < 0) != (b < 0) ? r + b : r;
}

Value arithmetic(Binary op, const Value& lhs, const Value& rhs) {
  if (lhs.is_int() && rhs.is_int()) {
    std::int64_t a = lhs.as_int(), b = rhs.as_int();
    switch (op) {
      case Binary::Add:
        return Value::integer(add_int(a, b));
      case Binary::Sub:
        return Value::integer(sub_int(a, b));
      case Binary::Mul:
        return Value::integer(mul_int(a, b));
      case Binary::IntDiv:
        return Value::integer(floor_div_int(a, b));
      case Binary::Mod:
        return Value::integer(mod_int(a, b));
      default:
        break;
    }
  }
  if (!lhs.is_number() || !rhs.is_number()) {
    if (op == Binary::Add && lhs.is_str() && rhs.is_str()) {
      return concat_strings(lhs.as_str(), rhs.as_str());
    }
    if (op == Binary::Add && lhs.is_list() && rhs.is_list()) {
      return concat_lists(lhs.as_list(), rhs.as_list());
    }
    operand_error(op, lhs, rhs);
  }
  double a = lhs.as_number(), b = rhs.as_number();
  switch (op) {
    case Binary::Add:
      return Value::number(finite(op, a + b));
    case Binary::Sub:
      return Value::number(finite(op, a - b));
    case Binary::Mul:
      return Value::number(finite(op, a * b));
    case Binary::Div:
      if (b == 0) division_by_zero();
      return Value::number(finite(op, a / b));
    case Binary::IntDiv:
      return Value::number(finite(op, float_floor_div(a, b)));
    default:
      return Value::number(finite(op, float_mod(a, b)));
  }
}

}  // namespace

std::string_view spelling(Binary op) {
  switch (op) {
    case Binary::Or:
      return "or";
    case Binary::And:
      return "and";
    case Binary::Eq:
      return "==";
    case Binary::Ne:
      return "!=";
    case Binary::Lt:
      return "<";
    case Binary::Le:
      return "<=";
    case Binary::Gt:
      return ">";
    case Binary::Ge:
      return ">=";
    case Binary::Add:
      return "+";
    case Binary::Sub:
      return "-";
    case Binary::Mul:
      return "*";
    case Binary::Div:
      return "/";
    case Binary::IntDiv:
      return "//";
    case Binary::Mod:
      return "%";
  }
  return "?";
}

std::string_view spelling(Unary op) {
  return op == Unary::Neg ? "-" : "not";
}

std::int64_t add_int(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) overflow(Binary::Add);
  return r;
}

std::int64_t sub_int(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) overflow(Binary::Sub);
  return r;
}

std::int64_t mul_int(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) overflow(Binary::Mul);
  return r;
}

std::int64_t floor_div_int(std::int64_t a, std::int64_t b) {
  if (b == 0) division_by_zero();
  if (a == INT64_MIN && b == -1) overflow(Binary::IntDiv);
  std::int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

std::int64_t mod_int(std::int64_t a, std::int64_t b) {
  if (b == 0) division_by_zero();
  if (b == -1) return 0;
  std::int64_t r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}

namespace {

// The order of two values that are not both lists; throws for values without an order.
int compare_items(const Value& lhs, const Value& rhs) {
  if (lhs.is_number() && rhs.is_number()) {
    std::partial_ordering order = compare_numbers(lhs, rhs);
    if (order != std::partial_ordering::unordered) return sign(order);
    return static_cast<int>(is_nan(lhs)) - static_cast<int>(is_nan(rhs));  // NaN sorts last
  }
  if (lhs.kind() == rhs.kind()) {
    switch (lhs.kind()) {
      case ValueKind::Str: {
        int c = lhs.as_str().compare(rhs.as_str());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
      }
      case ValueKind::Bool:
        return static_cast<int>(lhs.as_bool()) - static_cast<int>(rhs.as_bool());
      default:
        break;
    }
  }
  operand_error(Binary::Lt, lhs, rhs);
}

// Two lists being compared item by item.
struct OrderFrame {
  std::span<const Value> a;
  std::span<const Value> b;
  std::size_t next;
};

}  // namespace

// Lists compare lexicographically, walked without recursion (lists may nest any depth); a
// list is equal to itself without a look inside.
int compare(const Value& lhs, const Value& rhs) {
  if (!lhs.is_list() || !rhs.is_list()) return compare_items(lhs, rhs);
  if (lhs.object() == rhs.object()) return 0;
  WalkStack<OrderFrame> pending;
  pending.push({lhs.as_list(), rhs.as_list(), 0});
  for (;;) {
    OrderFrame* frame = &pending.top();
    while (frame->next < frame->a.size() && frame->next < frame->b.size()) {
      const Value& a = frame->a[frame->next];
      const Value& b = frame->b[frame->next];
      ++frame->next;
      if (!a.is_list() || !b.is_list()) {
        if (int c = compare_items(a, b); c != 0) return c;
      } else if (a.object() != b.object()) {
        pending.push({a.as_list(), b.as_list(), 0});
        frame = &pending.top();
      }
    }
    if (frame->a.size() != frame->b.size()) return frame->a.size() < frame->b.size() ? -1 : 1;
    pending.pop();
    if (pending.empty()) return 0;
  }
}

Value binary(Binary op, const Value& lhs, const Value& rhs) {
  switch (op) {
    case Binary::Eq:
      return Value::boolean(lhs == rhs);
    case Binary::Ne:
      return Value::boolean(!(lhs == rhs));
    case Binary::And:
    case Binary::Or:
      if (!lhs.is_bool() || !rhs.is_bool()) operand_error(op, lhs, rhs);
      return Value::boolean(op == Binary::And ? lhs.as_bool() && rhs.as_bool()
                                              : lhs.as_bool() || rhs.as_bool());
    case Binary::Lt:
    case Binary::Le:
    case Binary::Gt:
    case Binary::Ge:
      if (lhs.is_number() && rhs.is_number()) {
        return Value::boolean(ordered(op, compare_numbers(lhs, rhs)));
      }
      return Value::boolean(ordered(op, compare(lhs, rhs) <=> 0));
    default:
      return arithmetic(op, lhs, rhs);
  }
}

Value unary(Unary op, const Value& operand) {
  if (op == Unary::Not) {
    if (!operand.is_bool()) {
      fail("type", "`not` needs a `bool`, not " + code(type_name(operand)));
    }
    return Value::boolean(!operand.as_bool());
  }
  if (operand.is_int()) {
    if (operand.as_int() == INT64_MIN) overflow(Binary::Sub);
    return Value::integer(-operand.as_int());
  }
  if (operand.is_float()) return Value::number(-operand.as_float());
  fail("type", "cannot negate " + code(type_name(operand)));
}

Value field(const Value& object, std::string_view name) {
  if (object.is_record()) {
    if (const Value* value = object.find_field(name)) return *value;
    fail("missing_field", "record has no field " + code(name));
  }
  fail("type", "cannot read field " + code(name) + " of " + code(type_name(object)));
}

Value index(const Value& object, const Value& at) {
  std::size_t position = 0;
  switch (object.kind()) {
    case ValueKind::List: {
      if (!at.is_int()) fail("type", "list index must be an `int`, not " + code(type_name(at)));
      auto items = object.as_list();
      if (!resolve(at.as_int(), items.size(), position)) {
        out_of_range(at.as_int(), items.size(), "list", "item");
      }
      return items[position];
    }
    case ValueKind::Record:
      if (!at.is_str()) fail("type", "record key must be a `str`, not " + code(type_name(at)));
      return field(object, at.as_str());
    case ValueKind::Str: {
      if (!at.is_int()) fail("type", "string index must be an `int`, not " + code(type_name(at)));
      std::string_view text = object.as_str();
      std::int64_t i = at.as_int();
      std::size_t offset = 0;
      if (i >= 0) {
        offset = unicode::byte_offset(text, static_cast<std::size_t>(i));
      } else {
        std::size_t count = unicode::code_point_count(text);
        offset = resolve(i, count, position) ? unicode::byte_offset(text, position) : text.size();
      }
      if (offset == text.size()) {
        out_of_range(i, unicode::code_point_count(text), "string", "character");
      }
      return Value::string(text.substr(offset, unicode::decode(text, offset).length));
    }
    default:
      fail("type", "cannot index " + code(type_name(object)));
  }
}

bool truth(const Value& value, std::string_view what) {
  if (!value.is_bool()) {
    fail("type", code(what) + " must be a `bool`, not " + code(type_name(value)));
  }
  return value.as_bool();
}

std::string to_text(const Value& value) {
  if (value.is_str()) return std::string(value.as_str());
  return to_json(value);
}

}  // namespace plumb::ops
