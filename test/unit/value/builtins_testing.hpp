// Shorthands for the built-in function tests: calling a built-in and running its type rule by
// name, as the evaluators and the checker do.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

#include "base/value/builtins.hpp"
#include "value_testing.hpp"

namespace plumb::testing {

inline const builtins::Builtin& builtin(std::string_view name) {
  int index = builtins::find(name);
  if (index < 0) throw std::logic_error("no built-in named " + std::string(name));
  return builtins::get(index);
}

inline Value call(std::string_view name, std::initializer_list<Value> args) {
  std::vector<Value> list(args);
  return builtin(name).call(list);
}

// The inferred type, or nullopt with `problem` filled.
inline std::optional<Type> infer(std::string_view name, std::initializer_list<Type> args,
                                 builtins::TypeProblem* problem = nullptr) {
  std::vector<Type> list(args);
  builtins::TypeProblem ignored;
  return builtin(name).infer(list, problem ? *problem : ignored);
}

}  // namespace plumb::testing
