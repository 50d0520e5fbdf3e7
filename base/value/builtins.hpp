// The pure built-in functions of LANGUAGE.md §6 (`len`, `str`, `split`, `sort`, ...): one table
// with each function's arity, static type rule and implementation. Built-ins run inside the
// node that uses them and have no span of their own. All are deterministic except `now`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <plumb/type.hpp>
#include <plumb/value.hpp>

namespace plumb::builtins {

// A mistake the type rule can prove: which argument (0-based) and what is wrong with it.
struct TypeProblem {
  std::size_t arg = 0;
  std::string message;  // lowercase, code in backticks, e.g. "`len` needs a str, list or record"
};

struct Builtin {
  std::string_view name;
  std::uint8_t min_args;
  std::uint8_t max_args;  // kVariadic for no limit
  bool deterministic;     // false only for `now`
  // The result type for these argument types, or nullopt after filling `problem`.
  std::optional<Type> (*infer)(std::span<const Type> args, TypeProblem& problem);
  // Throws plumb::ValueError.
  Value (*call)(std::span<const Value> args);
  std::string_view signature;  // for documentation: "len(x: str | list | record) -> int"
  std::string_view summary;
};

inline constexpr std::uint8_t kVariadic = 255;

std::span<const Builtin> all();
// The index of a built-in in all(), or -1.
int find(std::string_view name);
const Builtin& get(int index);

// `text` as one word of a POSIX shell command (the `shell_quote` built-in): unchanged when it is
// not empty and made only of characters no shell treats specially, else in single quotes with
// each quote inside written `'\''`. Throws ValueError for a NUL, which no argument can hold.
std::string shell_quote(std::string_view text);

}  // namespace plumb::builtins
