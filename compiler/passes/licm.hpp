// Loop-invariant hoisting: a pure constant or expression node in a `for` or `while` body
// whose inputs all come from outside the loop moves in front of the loop, so it runs once.
// A loop body may run zero times, so only nodes that cannot fail are hoisted from it (no
// integer arithmetic that may overflow, no division, no field access that may miss, no
// index, only built-ins that accept any value of their argument types); a `while` condition
// always runs at least once, so any pure node of it may move.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool hoist_invariants(ir::Module& module);

}  // namespace plumb::passes
