// Helpers the passes share: use counts, rewriting uses, recomputing a structured node's
// captures, dropping inputs no expression reads, removing erased nodes from regions, and
// recomputing region depths after regions move. Expression trees belong to exactly one node,
// so a pass may edit a node's trees in place.
#pragma once

#include <unordered_map>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace plumb::ir {

// How many node inputs and region results read each value.
std::vector<std::uint32_t> count_uses(const Module& module);

// Replaces every read of a key value by the mapped value (node inputs and region results).
void replace_uses(Module& module, const std::unordered_map<std::uint32_t, ValueId>& replacement);

// Rebuilds the inputs after `operand_count`: the outer values its regions read.
void recompute_captures(Module& module, NodeId node);

// Drops the inputs (operands, for a structured node) that none of the node's expressions
// read; a structured node's captures are recomputed.
void prune_inputs(Module& module, NodeId node);

// Removes erased nodes from the lists of every region.
void drop_erased(Module& module);

// Sets every region's depth from its owner's region (after regions were moved).
void recompute_depths(Module& module);

// Calls `visit` for every node of the module that sits in a region, parents before children.
template <typename Visit>
void for_each_node(const Module& module, Visit&& visit);

template <typename Visit>
void for_each_node(const Module& module, Visit&& visit) {
  std::vector<RegionId> pending;
  for (const Function& f : module.functions)
    pending.push_back(f.body);
  while (!pending.empty()) {
    RegionId r = pending.back();
    pending.pop_back();
    for (NodeId n : module.region(r).nodes) {
      visit(n);
      for (RegionId inner : module.node(n).regions)
        pending.push_back(inner);
    }
  }
}

}  // namespace plumb::ir
