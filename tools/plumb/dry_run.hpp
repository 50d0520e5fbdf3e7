// `plumb run --dry-run`: the execution plan of a program — for each region, its stages of
// nodes that may run at once (the scheduling pass's levels), and what each node would call —
// printed without running anything.
#pragma once

#include <iosfwd>

#include "compiler/ir/ir.hpp"

namespace plumb::cli {

void print_plan(std::ostream& out, const ir::Module& module, ir::FunctionId entry);

}  // namespace plumb::cli
