// Dead-node elimination: removes pure nodes whose values nothing reads (and, for a pure
// map, filter, branch or loop, everything inside it). Volatile and effect nodes, parameters
// and `return` always stay.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool eliminate_dead_nodes(ir::Module& module);

}  // namespace plumb::passes
