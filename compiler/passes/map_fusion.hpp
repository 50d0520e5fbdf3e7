// Map fusion: `ys = map x in xs {...}` followed by `map y in ys {...}` (or `filter`), where
// `ys` is read nowhere else, becomes one map whose body runs both bodies per item, so the
// intermediate list is never built. Fused shapes: map→map, map→filter (a map yielding the
// first body's value when the condition holds) and filter→map (the second body inside a
// branch on the condition). It fires only when the first node is pure (so moving its work
// later cannot reorder effects), always yields (map), and neither node has attributes or a
// `concurrency` option.
#pragma once

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

bool fuse_maps(ir::Module& module);

}  // namespace plumb::passes
