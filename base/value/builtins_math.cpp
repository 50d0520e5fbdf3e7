// Numeric built-ins: abs, min, max, round, floor, ceil, sqrt, sum, mean and range.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include <plumb/error.hpp>

#include "base/value/builtins_impl.hpp"
#include "base/value/ops.hpp"

namespace plumb::builtins::impl {
namespace {

constexpr std::uint64_t kMaxRangeItems = 100'000'000;

// The smallest (`order` -1) or largest (`order` 1) of a list or of the arguments.
Value extreme(Args args, std::string_view function, int order) {
  std::span<const Value> items = args;
  if (args.size() == 1) {
    items = list_arg(args, 0, function);
    if (items.empty()) value_error("`" + std::string(function) + "` of an empty list");
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (ops::compare(items[i], items[best]) == order) best = i;
  }
  return items[best];
}

// The kind of ordering a type takes part in: numbers, strings, bools or lists (0: unknown).
int order_class(Type t) {
  if (t.is_numeric()) return 1;
  if (t.is(TypeKind::Str)) return 2;
  if (t.is(TypeKind::Bool)) return 3;
  if (t.is(TypeKind::List)) return 4;
  return t.is_any() ? 0 : -1;
}

Inferred infer_extreme(Types args, TypeProblem& problem, std::string_view function) {
  if (args.size() == 1) {
    Type xs = non_null(args[0]);
    if (xs.is_any()) return Type::any();
    if (!xs.is(TypeKind::List)) return impl::problem(problem, function, 0, "a `list`", args[0]);
    return xs.element();
  }
  int seen = 0;
  std::size_t seen_at = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    Type t = non_null(args[i]);
    int c = order_class(t);
    if (c < 0) {
      return impl::problem(problem, function, i, "a number, `str`, `bool` or `list`", args[i]);
    }
    if (c > 0 && seen > 0 && c != seen) {
      problem.arg = i;
      problem.message = "`" + std::string(function) + "` cannot compare `" +
                        args[seen_at].to_string() + "` with `" + args[i].to_string() + "`";
      return std::nullopt;
    }
    if (c > 0 && seen == 0) {
      seen = c;
      seen_at = i;
    }
  }
  for (Type t : args) {
    if (!(t == args[0])) return Type::any();  // an int or a float, say: decided at run time
  }
  return args[0];
}

Inferred infer_number_to(Types args, TypeProblem& problem, std::string_view function, Type result) {
  if (!may_be_number(args[0])) return impl::problem(problem, function, 0, "a number", args[0]);
  return result;
}

[[noreturn]] void float_overflow(std::string_view function) {
  throw ValueError("overflow", "float overflow in `" + std::string(function) + "`");
}

// Rounds the shortest decimal form of `x` half away from zero to `digits` decimals, so that
// round(2.675, 2) is 2.68 as written (the binary double is slightly below 2.675).
double round_decimal(double x, std::int64_t digits) {
  if (!std::isfinite(x) || x == 0) return x;
  digits = std::clamp<std::int64_t>(digits, -400, 400);
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, x, std::chars_format::scientific).ptr;
  std::string_view repr(text, static_cast<std::size_t>(end - text));
  std::size_t e = repr.find('e');
  int exponent = 0;
  std::from_chars(repr.data() + e + (repr[e + 1] == '+' ? 2 : 1), end, exponent);
  std::array<char, 24> mantissa{};
  std::size_t count = 0;
  for (char c : repr.substr(x < 0 ? 1 : 0, e - (x < 0 ? 1 : 0))) {
    if (c != '.') mantissa[count++] = c;
  }
  std::int64_t keep = exponent + digits + 1;  // digits left of the rounding position
  if (keep >= static_cast<std::int64_t>(count)) return x;
  if (keep < 0) return std::copysign(0.0, x);
  auto kept = static_cast<std::size_t>(keep);
  std::string rounded(mantissa.data(), kept);
  if (mantissa[kept] >= '5') {
    std::size_t i = kept;
    while (i > 0 && rounded[i - 1] == '9')
      rounded[--i] = '0';
    if (i == 0) {
      rounded.insert(rounded.begin(), '1');
      ++exponent;
      ++kept;
    } else {
      ++rounded[i - 1];
    }
  }
  if (rounded.empty()) return std::copysign(0.0, x);
  rounded += "e" + std::to_string(exponent + 1 - static_cast<std::int64_t>(kept));
  double result = 0;
  if (std::from_chars(rounded.data(), rounded.data() + rounded.size(), result).ec != std::errc()) {
    float_overflow("round");
  }
  return std::copysign(result, x);
}

// Sums numbers with an int accumulator until the first float; a float total may be infinite
// (the callers decide).
Value add_up(std::span<const Value> items, std::string_view function) {
  std::int64_t whole = 0;
  double total = 0;
  bool is_float = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    if (item.is_int() && !is_float) {
      if (__builtin_add_overflow(whole, item.as_int(), &whole)) {
        throw ValueError("overflow", "integer overflow in `" + std::string(function) + "`");
      }
    } else if (item.is_number()) {
      if (!is_float) total = static_cast<double>(whole);
      is_float = true;
      total += item.as_number();
    } else {
      throw ValueError("type", "`" + std::string(function) + "` needs numbers, found `" +
                                   std::string(type_name(item)) + "` at index " +
                                   std::to_string(i));
    }
  }
  return is_float ? Value::number(total) : Value::integer(whole);
}

}  // namespace

Value call_abs(Args args) {
  const Value& x = args[0];
  if (x.is_int()) {
    if (x.as_int() == INT64_MIN) throw ValueError("overflow", "integer overflow in `abs`");
    return Value::integer(x.as_int() < 0 ? -x.as_int() : x.as_int());
  }
  return Value::number(std::fabs(number_arg(args, 0, "abs")));
}

Inferred infer_abs(Types args, TypeProblem& problem) {
  return infer_number_to(args, problem, "abs", non_null(args[0]));
}

Value call_min(Args args) {
  return extreme(args, "min", -1);
}
Inferred infer_min(Types args, TypeProblem& problem) {
  return infer_extreme(args, problem, "min");
}
Value call_max(Args args) {
  return extreme(args, "max", 1);
}
Inferred infer_max(Types args, TypeProblem& problem) {
  return infer_extreme(args, problem, "max");
}

Value call_round(Args args) {
  if (args.size() == 2) {
    double x = number_arg(args, 0, "round");
    return Value::number(round_decimal(x, int_arg(args, 1, "round")));
  }
  if (args[0].is_int()) return args[0];
  double x = number_arg(args, 0, "round");
  return Value::integer(to_int(std::round(x), x));
}

Inferred infer_round(Types args, TypeProblem& problem) {
  if (args.size() == 1) return infer_number_to(args, problem, "round", Type::integer());
  if (!may_be(args[1], TypeKind::Int)) {
    return impl::problem(problem, "round", 1, "an `int`", args[1]);
  }
  return infer_number_to(args, problem, "round", Type::number());
}

Value call_floor(Args args) {
  if (args[0].is_int()) return args[0];
  double x = number_arg(args, 0, "floor");
  return Value::integer(to_int(std::floor(x), x));
}

Inferred infer_floor(Types args, TypeProblem& problem) {
  return infer_number_to(args, problem, "floor", Type::integer());
}

Value call_ceil(Args args) {
  if (args[0].is_int()) return args[0];
  double x = number_arg(args, 0, "ceil");
  return Value::integer(to_int(std::ceil(x), x));
}

Inferred infer_ceil(Types args, TypeProblem& problem) {
  return infer_number_to(args, problem, "ceil", Type::integer());
}

Value call_sqrt(Args args) {
  double x = number_arg(args, 0, "sqrt");
  if (x < 0) value_error("`sqrt` needs a number >= 0, not `" + describe(args[0]) + "`");
  return Value::number(std::sqrt(x));
}

Inferred infer_sqrt(Types args, TypeProblem& problem) {
  return infer_number_to(args, problem, "sqrt", Type::number());
}

Value call_sum(Args args) {
  Value total = add_up(list_arg(args, 0, "sum"), "sum");
  if (total.is_float() && !std::isfinite(total.as_float())) float_overflow("sum");
  return total;
}

Inferred infer_sum(Types args, TypeProblem& problem) {
  Type xs = non_null(args[0]);
  if (!may_be(xs, TypeKind::List)) return impl::problem(problem, "sum", 0, "a `list`", args[0]);
  if (xs.element().is(TypeKind::Int)) return Type::integer();
  if (xs.element().is(TypeKind::Float)) return Type::number();
  return Type::any();  // an int or a float, decided by the items
}

Value call_mean(Args args) {
  std::span<const Value> items = list_arg(args, 0, "mean");
  if (items.empty()) value_error("`mean` of an empty list");
  const auto count = static_cast<double>(items.size());
  double mean = add_up(items, "mean").as_number() / count;
  if (!std::isfinite(mean)) {
    // The total overflowed; the mean of finite numbers is finite, summed in parts.
    mean = 0;
    for (const Value& item : items)
      mean += item.as_number() / count;
    if (!std::isfinite(mean)) float_overflow("mean");
  }
  return Value::number(mean);
}

Inferred infer_mean(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::List)) {
    return impl::problem(problem, "mean", 0, "a `list`", args[0]);
  }
  return Type::number();
}

Value call_range(Args args) {
  std::int64_t start = args.size() == 1 ? 0 : int_arg(args, 0, "range");
  std::int64_t stop = int_arg(args, args.size() == 1 ? 0 : 1, "range");
  std::int64_t step = args.size() == 3 ? int_arg(args, 2, "range") : 1;
  if (step == 0) value_error("`range` step must not be zero");
  // Unsigned arithmetic: the distance between two int64 values always fits in 64 bits.
  std::uint64_t count = 0;
  if (step > 0 && stop > start) {
    std::uint64_t distance = static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start);
    count = (distance - 1) / static_cast<std::uint64_t>(step) + 1;
  } else if (step < 0 && stop < start) {
    std::uint64_t distance = static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop);
    std::uint64_t stride = static_cast<std::uint64_t>(-(step + 1)) + 1;
    count = (distance - 1) / stride + 1;
  }
  if (count > kMaxRangeItems) {
    value_error("`range` would make " + std::to_string(count) + " items, more than " +
                std::to_string(kMaxRangeItems));
  }
  ListBuilder items(count);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t item = static_cast<std::uint64_t>(start) + i * static_cast<std::uint64_t>(step);
    items[i] = Value::integer(static_cast<std::int64_t>(item));
  }
  return items.finish(count);
}

Inferred infer_range(Types args, TypeProblem& problem) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!may_be(args[i], TypeKind::Int)) {
      return impl::problem(problem, "range", i, "an `int`", args[i]);
    }
  }
  return Type::list(Type::integer());
}

}  // namespace plumb::builtins::impl
