// Common-subexpression elimination: a pure node (constant, expression, pure stage call or
// call of a pure pipeline, without attributes) that repeats an earlier one — same operation,
// same stage, same input values, same arguments — is replaced by the earlier one. The earlier
// node may sit in an enclosing region. Volatile and effect nodes are never merged.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool eliminate_common_subexpressions(ir::Module& module);

}  // namespace plumb::passes
