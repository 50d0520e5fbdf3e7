// The IR verifier: checks the invariants every pass must keep, and names the one that broke.
//  - edges: every value a node reads is defined earlier in its region, by a parameter of its
//    region, or in an enclosing region; ordering edges point to earlier nodes of the region
//    (so a region is acyclic; only loop regions repeat);
//  - regions: each structured node has the regions, parameters and results its kind needs,
//    and lists every outer value its regions read among its inputs;
//  - types: arguments, region results and carried values flow into the types they feed;
//  - effects: every volatile node follows the last effect before it in its region, and every
//    effect node follows that effect and the volatile nodes since (docs/ir.md §3).
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace plumb::passes {

// The broken invariants, empty when the module is well formed.
std::vector<std::string> verify(const ir::Module& module);

}  // namespace plumb::passes
