// The `--backend auto` rule: native code pays for its compilation when expressions run many
// times, that is inside the body of a map, filter, for or while node.
#include "runtime/jit/jit.hpp"

namespace plumb::jit {

bool worth_compiling(const ir::Module& module) {
  for (const ir::Node& node : module.nodes) {
    if (node.erased || node.region.index == ir::RegionId::kInvalid) continue;
    const ir::Region& region = module.region(node.region);
    if (region.depth == 0 || node.kind != ir::NodeKind::Expr) continue;
    for (ir::NodeId n = region.owner; n.valid(); n = module.region(module.node(n).region).owner) {
      ir::NodeKind kind = module.node(n).kind;
      if (kind == ir::NodeKind::Map || kind == ir::NodeKind::Filter || kind == ir::NodeKind::For ||
          kind == ir::NodeKind::While) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace plumb::jit
