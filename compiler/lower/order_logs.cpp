// Ordering edges among ordered volatile calls (the log.* stages, docs/language.md §5): after the
// bodies are lowered, each region is walked in source order and every node that contains an
// ordered call — the call itself, a structured node with one in its regions, a call of a
// pipeline with one, transitively — runs after the previous such node of its region. An
// effect node already runs after every volatile node before it, so the chain restarts there.
#include "compiler/lower/lower.hpp"

#include <algorithm>

namespace plumb::lower {

namespace {

bool ordered_call(const ir::Node& node) {
  return node.kind == ir::NodeKind::Stage && node.stage != nullptr && node.stage->signature.ordered;
}

// Marks `node` and every structured node around it, up to its function's body.
void mark_enclosing(const ir::Module& m, ir::NodeId node, std::vector<bool>& ordered) {
  while (node.valid() && !ordered[node.index]) {
    ordered[node.index] = true;
    node = m.region(m.node(node).region).owner;
  }
}

// Which nodes contain an ordered call (by node id).
std::vector<bool> ordered_nodes(const ir::Module& m) {
  std::vector<bool> ordered(m.nodes.size(), false);
  std::vector<bool> function_ordered(m.functions.size(), false);
  // A call makes its caller ordered once its callee is: repeat until nothing changes (at most
  // once per function).
  for (bool changed = true; changed;) {
    changed = false;
    for (std::uint32_t i = 0; i < m.nodes.size(); ++i) {
      const ir::Node& node = m.nodes[i];
      if (node.erased || ordered[i]) continue;
      const bool calls_ordered =
          node.kind == ir::NodeKind::Call && function_ordered[node.callee.index];
      if (!ordered_call(node) && !calls_ordered) continue;
      mark_enclosing(m, ir::NodeId{i}, ordered);
      const std::uint32_t function = m.region(node.region).function.index;
      if (!function_ordered[function]) {
        function_ordered[function] = true;
        changed = true;
      }
    }
  }
  return ordered;
}

}  // namespace

void order_logs(ir::Module& m) {
  const std::vector<bool> ordered = ordered_nodes(m);
  for (ir::Region& region : m.regions) {
    ir::NodeId previous;
    for (ir::NodeId id : region.nodes) {
      ir::Node& node = m.node(id);
      if (node.effect == Purity::Effect) {
        previous = ir::NodeId{};
      } else if (ordered[id.index]) {
        auto& after = node.order_after;
        if (previous.valid() && std::find(after.begin(), after.end(), previous) == after.end()) {
          after.push_back(previous);
        }
        previous = id;
      }
    }
  }
}

}  // namespace plumb::lower
