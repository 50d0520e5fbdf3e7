// Internal to the built-in functions: the implementation and type rule of each built-in (one
// `call_x` / `infer_x` pair per function, defined in builtins_{core,math,text,list}.cpp) and the
// argument checks and messages they share. Calls and type rules get as many arguments as the
// table in builtins.cpp allows; the evaluators and the checker enforce the arity.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/value/builtins.hpp"

namespace plumb::builtins::impl {

using Args = std::span<const Value>;
using Types = std::span<const Type>;
using Inferred = std::optional<Type>;

// "`len` needs a `str`, not `int`" for the first argument, "argument 2 of `split` must be a
// `str`, not `int`" for the others.
std::string needs(std::string_view function, std::size_t arg, std::string_view expected,
                  std::string_view actual);
[[noreturn]] void type_error(std::string_view function, std::size_t arg, std::string_view expected,
                             const Value& actual);
[[noreturn]] void value_error(const std::string& message);
// A value for a message: JSON, `nan`/`inf` for non-finite floats, shortened when long.
std::string describe(const Value& value);
std::string describe(double value);

std::string_view str_arg(Args args, std::size_t i, std::string_view function);
std::int64_t int_arg(Args args, std::size_t i, std::string_view function);
double number_arg(Args args, std::size_t i, std::string_view function);
std::span<const Value> list_arg(Args args, std::size_t i, std::string_view function);
// The integer nearest `rounded` (already integral), or a value error naming `original`.
std::int64_t to_int(double rounded, double original);

// Could a value of type `t` be of `kind` at run time (`any` and nullable types may be)?
bool may_be(Type t, TypeKind kind);
bool may_be_number(Type t);
// Fills `problem` and returns nullopt.
Inferred problem(TypeProblem& problem, std::string_view function, std::size_t arg,
                 std::string_view expected, Type actual);

#define PLUMB_BUILTIN(name)     \
  Value call_##name(Args args); \
  Inferred infer_##name(Types args, TypeProblem& problem);

// builtins_core.cpp
PLUMB_BUILTIN(len)
PLUMB_BUILTIN(str)
PLUMB_BUILTIN(int)
PLUMB_BUILTIN(float)
PLUMB_BUILTIN(bool)
PLUMB_BUILTIN(contains)
PLUMB_BUILTIN(to_json)
PLUMB_BUILTIN(from_json)
PLUMB_BUILTIN(now)
// builtins_math.cpp
PLUMB_BUILTIN(abs)
PLUMB_BUILTIN(min)
PLUMB_BUILTIN(max)
PLUMB_BUILTIN(round)
PLUMB_BUILTIN(floor)
PLUMB_BUILTIN(ceil)
PLUMB_BUILTIN(sqrt)
PLUMB_BUILTIN(sum)
PLUMB_BUILTIN(mean)
PLUMB_BUILTIN(range)
// builtins_text.cpp
PLUMB_BUILTIN(starts_with)
PLUMB_BUILTIN(ends_with)
PLUMB_BUILTIN(lower)
PLUMB_BUILTIN(upper)
PLUMB_BUILTIN(trim)
PLUMB_BUILTIN(split)
PLUMB_BUILTIN(join)
PLUMB_BUILTIN(replace)
PLUMB_BUILTIN(shell_quote)
// builtins_list.cpp
PLUMB_BUILTIN(keys)
PLUMB_BUILTIN(values)
PLUMB_BUILTIN(get)
PLUMB_BUILTIN(sort)
PLUMB_BUILTIN(reverse)
PLUMB_BUILTIN(slice)
PLUMB_BUILTIN(flatten)
PLUMB_BUILTIN(enumerate)
PLUMB_BUILTIN(zip)

#undef PLUMB_BUILTIN

}  // namespace plumb::builtins::impl
