// Levels and critical paths, one linear walk per region.
#include "compiler/passes/schedule.hpp"

#include <unordered_map>

namespace plumb::passes {

namespace {

using namespace plumb::ir;

std::uint32_t weight(const Node& n) {
  switch (n.kind) {
    case NodeKind::Param:
    case NodeKind::Const:
    case NodeKind::Return:
      return 0;
    case NodeKind::Expr:
      return 1;
    default:
      return 10;
  }
}

void schedule_region(Module& m, RegionId id) {
  const auto& nodes = m.region(id).nodes;
  std::unordered_map<std::uint32_t, std::uint64_t> distance;  // heaviest chain ending at a node
  std::unordered_map<std::uint32_t, NodeId> heaviest_pred;
  auto predecessors = [&](const Node& n, auto&& visit) {
    for (ValueId v : n.inputs) {
      NodeId def = m.value(v).def;
      if (def.valid() && m.node(def).region == id) visit(def);
    }
    for (NodeId before : n.order_after)
      visit(before);
  };
  NodeId last;
  std::uint64_t longest = 0;
  for (NodeId node_id : nodes) {
    Node& n = m.node(node_id);
    std::uint32_t level = 0;
    std::uint64_t best = 0;
    NodeId best_pred;
    predecessors(n, [&](NodeId p) {
      level = std::max(level, m.node(p).level);
      if (!best_pred.valid() || distance[p.index] > best) {
        best = distance[p.index];
        best_pred = p;
      }
    });
    n.level = level + 1;
    n.critical = false;
    distance[node_id.index] = best + weight(n);
    heaviest_pred[node_id.index] = best_pred;
    if (!last.valid() || distance[node_id.index] >= longest) {
      longest = distance[node_id.index];
      last = node_id;
    }
  }
  for (NodeId at = last; at.valid(); at = heaviest_pred[at.index])
    m.node(at).critical = true;
  for (NodeId node_id : nodes) {
    for (RegionId inner : m.node(node_id).regions)
      schedule_region(m, inner);
  }
}

}  // namespace

bool schedule(ir::Module& module) {
  for (const Function& f : module.functions)
    schedule_region(module, f.body);
  return true;
}

}  // namespace plumb::passes
