// The table of built-in functions (name, arity, type rule, implementation, documentation) and
// the argument checks and messages the implementations share.
#include "base/value/builtins.hpp"

#include <cmath>

#include <plumb/error.hpp>
#include <plumb/json.hpp>

#include "base/value/builtins_impl.hpp"
#include "base/value/unicode.hpp"

namespace plumb::builtins {
namespace impl {

std::string needs(std::string_view function, std::size_t arg, std::string_view expected,
                  std::string_view actual) {
  std::string head = arg == 0 ? "`" + std::string(function) + "` needs "
                              : "argument " + std::to_string(arg + 1) + " of `" +
                                    std::string(function) + "` must be ";
  return head + std::string(expected) + ", not `" + std::string(actual) + "`";
}

void type_error(std::string_view function, std::size_t arg, std::string_view expected,
                const Value& actual) {
  throw ValueError("type", needs(function, arg, expected, type_name(actual)));
}

void value_error(const std::string& message) {
  throw ValueError("value", message);
}

std::string describe(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  return to_json(Value::number(value));
}

std::string describe(const Value& value) {
  if (value.is_float()) return describe(value.as_float());
  constexpr std::size_t kLimit = 60;
  JsonOptions excerpt;
  excerpt.max_bytes = (kLimit + 1) * 4;  // a text cut short has more than kLimit code points
  std::string text = to_json(value, excerpt);
  if (unicode::code_point_count(text) <= kLimit) return text;
  return std::string(unicode::slice(text, 0, kLimit - 3)) + "...";
}

std::string_view str_arg(Args args, std::size_t i, std::string_view function) {
  if (!args[i].is_str()) type_error(function, i, "a `str`", args[i]);
  return args[i].as_str();
}

std::int64_t int_arg(Args args, std::size_t i, std::string_view function) {
  if (!args[i].is_int()) type_error(function, i, "an `int`", args[i]);
  return args[i].as_int();
}

double number_arg(Args args, std::size_t i, std::string_view function) {
  if (!args[i].is_number()) type_error(function, i, "a number", args[i]);
  return args[i].as_number();
}

std::span<const Value> list_arg(Args args, std::size_t i, std::string_view function) {
  if (!args[i].is_list()) type_error(function, i, "a `list`", args[i]);
  return args[i].as_list();
}

std::int64_t to_int(double rounded, double original) {
  if (!(rounded >= -0x1p63 && rounded < 0x1p63)) {
    value_error("cannot convert `" + describe(original) + "` to `int`");
  }
  return static_cast<std::int64_t>(rounded);
}

bool may_be(Type t, TypeKind kind) {
  Type inner = non_null(t);
  return inner.is_any() || inner.is_error() || inner.is(kind);
}

bool may_be_number(Type t) {
  return may_be(t, TypeKind::Int) || may_be(t, TypeKind::Float);
}

Inferred problem(TypeProblem& problem, std::string_view function, std::size_t arg,
                 std::string_view expected, Type actual) {
  problem.arg = arg;
  problem.message = needs(function, arg, expected, actual.to_string());
  return std::nullopt;
}

}  // namespace impl

namespace {

using namespace impl;

// An `error` argument (a mistake already reported) makes the result `error` without a new one.
template <Inferred (*Infer)(Types, TypeProblem&)>
Inferred poisoned(Types args, TypeProblem& problem) {
  for (Type t : args) {
    if (t.is_error()) return Type::error();
  }
  return Infer(args, problem);
}

// clang-format off
#define PLUMB_ENTRY(name, min, max, deterministic, signature, summary)                        \
  Builtin{#name, min, max, deterministic, &poisoned<infer_##name>, &call_##name, signature, \
          summary}
// clang-format on

const Builtin kBuiltins[] = {
    PLUMB_ENTRY(len, 1, 1, true, "len(x: str | list | record) -> int",
                "the number of characters of a string, items of a list or fields of a record"),
    PLUMB_ENTRY(str, 1, 1, true, "str(x) -> str",
                "the text of a value: a string as it is, anything else as JSON"),
    PLUMB_ENTRY(int, 1, 1, true, "int(x: int | float | str | bool) -> int",
                "an integer: floats truncated toward zero, strings parsed as decimal"),
    PLUMB_ENTRY(float, 1, 1, true, "float(x: int | float | str | bool) -> float",
                "a float: strings parsed as finite decimal numbers"),
    PLUMB_ENTRY(bool, 1, 1, true, "bool(x) -> bool",
                "numbers are true when not zero, strings must be \"true\" or \"false\", null is "
                "false, lists and records are true when not empty"),
    PLUMB_ENTRY(abs, 1, 1, true, "abs(x: int | float) -> int | float", "the absolute value"),
    PLUMB_ENTRY(min, 1, kVariadic, true, "min(xs: list[T]) -> T | min(a, b, ...) -> T",
                "the smallest item of a list, or the smallest argument; the first of equals"),
    PLUMB_ENTRY(max, 1, kVariadic, true, "max(xs: list[T]) -> T | max(a, b, ...) -> T",
                "the largest item of a list, or the largest argument; the first of equals"),
    PLUMB_ENTRY(round, 1, 2, true, "round(x: float) -> int | round(x: float, digits: int) -> float",
                "rounds half away from zero, to an integer or to `digits` decimals"),
    PLUMB_ENTRY(floor, 1, 1, true, "floor(x: int | float) -> int", "the largest integer <= x"),
    PLUMB_ENTRY(ceil, 1, 1, true, "ceil(x: int | float) -> int", "the smallest integer >= x"),
    PLUMB_ENTRY(sqrt, 1, 1, true, "sqrt(x: int | float) -> float", "the square root"),
    PLUMB_ENTRY(contains, 2, 2, true, "contains(haystack: str | list | record, needle) -> bool",
                "substring of a string, item of a list (==) or key of a record"),
    PLUMB_ENTRY(starts_with, 2, 2, true, "starts_with(s: str, prefix: str) -> bool",
                "whether `s` starts with `prefix`"),
    PLUMB_ENTRY(ends_with, 2, 2, true, "ends_with(s: str, suffix: str) -> bool",
                "whether `s` ends with `suffix`"),
    PLUMB_ENTRY(lower, 1, 1, true, "lower(s: str) -> str", "lower case (Latin, Greek, Cyrillic)"),
    PLUMB_ENTRY(upper, 1, 1, true, "upper(s: str) -> str", "upper case (Latin, Greek, Cyrillic)"),
    PLUMB_ENTRY(trim, 1, 1, true, "trim(s: str) -> str",
                "without Unicode white space at both ends"),
    PLUMB_ENTRY(split, 1, 2, true, "split(s: str, sep: str = <white space>) -> list[str]",
                "parts between runs of white space (no empty parts), or between each `sep`"),
    PLUMB_ENTRY(join, 1, 2, true, "join(items: list, sep: str = \"\") -> str",
                "the text of each item (as `str` gives it), separated by `sep`"),
    PLUMB_ENTRY(replace, 3, 3, true, "replace(s: str, old: str, new: str) -> str",
                "every occurrence of `old` replaced by `new`"),
    PLUMB_ENTRY(shell_quote, 1, 1, true, "shell_quote(s: str) -> str",
                "`s` as one word of a `sys.shell` command: quoted so the shell takes it literally"),
    PLUMB_ENTRY(keys, 1, 1, true, "keys(r: record) -> list[str]", "the keys of a record, in order"),
    PLUMB_ENTRY(values, 1, 1, true, "values(r: record) -> list",
                "the values of a record, in order"),
    PLUMB_ENTRY(get, 2, 3, true, "get(r: record | list, key: str | int, default = null) -> any",
                "a field or item, or `default` when it is missing or out of range"),
    PLUMB_ENTRY(range, 1, 3, true, "range(start: int = 0, stop: int, step: int = 1) -> list[int]",
                "integers from `start` up to (not including) `stop`, like Python"),
    PLUMB_ENTRY(sum, 1, 1, true, "sum(xs: list) -> int | float",
                "the sum of numbers: an `int` when all are ints, 0 for an empty list"),
    PLUMB_ENTRY(mean, 1, 1, true, "mean(xs: list) -> float", "the arithmetic mean of numbers"),
    PLUMB_ENTRY(sort, 1, 1, true, "sort(xs: list[T]) -> list[T]", "sorted ascending, stable"),
    PLUMB_ENTRY(reverse, 1, 1, true, "reverse(x: list[T] | str) -> list[T] | str",
                "items or characters in reverse order"),
    PLUMB_ENTRY(slice, 2, 3, true,
                "slice(x: list[T] | str, start: int, end: int = null) -> list[T] | str",
                "items or characters from `start` up to `end`; negative counts from the end"),
    PLUMB_ENTRY(flatten, 1, 1, true, "flatten(xs: list) -> list",
                "the items of nested lists, one level deep"),
    PLUMB_ENTRY(enumerate, 1, 1, true, "enumerate(xs: list[T]) -> list[{index: int, value: T}]",
                "each item with its position"),
    PLUMB_ENTRY(zip, 2, kVariadic, true, "zip(a: list, b: list, ...) -> list[list]",
                "lists of the items at the same position, as long as the shortest list"),
    PLUMB_ENTRY(to_json, 1, 1, true, "to_json(x) -> str", "the value as JSON on one line"),
    PLUMB_ENTRY(from_json, 1, 1, true, "from_json(s: str) -> any", "the value a JSON text holds"),
    PLUMB_ENTRY(now, 0, 0, false, "now() -> float", "seconds since the Unix epoch"),
};

#undef PLUMB_ENTRY

}  // namespace

std::span<const Builtin> all() {
  return kBuiltins;
}

int find(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kBuiltins); ++i) {
    if (kBuiltins[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const Builtin& get(int index) {
  return kBuiltins[index];
}

}  // namespace plumb::builtins
