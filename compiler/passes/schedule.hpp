// Parallel stage scheduling: in each region, a node's level is one more than the highest
// level among the nodes it depends on (data or ordering), so the nodes of one level form an
// antichain that may run at once; the critical path (heaviest chain, stage and pipeline calls
// and structured nodes weighing most) is marked. The executor runs critical nodes inline and
// `plumb graph` draws levels as ranks.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool schedule(ir::Module& module);

}  // namespace plumb::passes
