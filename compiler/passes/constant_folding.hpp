// Constant folding: evaluates pure expressions whose operands are constants (including the
// values of constant nodes, which it propagates) with the same operations the run time uses,
// picks the taken side of `? :`, `and` and `or` with a constant left side, and turns an
// expression node whose value became constant into a constant node. An operation that would
// fail (division by zero, a missing field) is left for the run time to report at its place;
// non-deterministic built-ins (`now`) and results larger than 64 KiB are not folded.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool fold_constants(ir::Module& module);

}  // namespace plumb::passes
