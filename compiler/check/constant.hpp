// Compile-time values of constant expressions: literals, negated numbers, and lists and
// records of constants. Used for parameter defaults, attribute arguments and the constant
// arguments a stage checks when compiling (a literal regex, say).
#pragma once

#include <optional>

#include <plumb/value.hpp>

#include "compiler/ast/ast.hpp"

namespace plumb::check {

std::optional<Value> constant_value(const ast::Expr& expr);

}  // namespace plumb::check
