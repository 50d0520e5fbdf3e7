// DCE by use counts: regions are swept last node first, so a chain of dead nodes goes in one
// sweep; sweeps repeat until nothing changes (a dead node inside a region can free a value
// of an enclosing region).
#include "compiler/passes/dce.hpp"

#include "compiler/ir/analysis.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

class Dce {
 public:
  explicit Dce(Module& module) : m_(module), uses_(count_uses(module)) {}

  bool run() {
    bool any = false;
    for (bool changed = true; changed;) {
      changed = false;
      for (std::uint32_t r = 0; r < m_.regions.size(); ++r)
        changed |= sweep(RegionId{r});
      any |= changed;
    }
    if (any) {
      drop_erased(m_);
      for (std::uint32_t i = 0; i < m_.nodes.size(); ++i) {
        if (!m_.nodes[i].erased && has_regions(m_.nodes[i].kind)) {
          recompute_captures(m_, NodeId{i});
        }
      }
    }
    return any;
  }

 private:
  bool removable(const Node& n) const {
    if (n.erased || n.effect != Purity::Pure || n.kind == NodeKind::Param ||
        n.kind == NodeKind::Return) {
      return false;
    }
    for (ValueId v : n.results) {
      if (uses_[v.index] != 0) return false;
    }
    return true;
  }

  bool sweep(RegionId id) {
    if (dead_region(id)) return false;
    bool changed = false;
    const auto& nodes = m_.region(id).nodes;
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
      if (removable(m_.node(*it))) {
        erase(*it);
        changed = true;
      }
    }
    return changed;
  }

  // A region whose owner was erased.
  bool dead_region(RegionId id) const {
    NodeId owner = m_.region(id).owner;
    return owner.valid() && m_.node(owner).erased;
  }

  void erase(NodeId id) {
    Node& n = m_.node(id);
    n.erased = true;
    for (ValueId v : n.inputs)
      --uses_[v.index];
    for (RegionId r : n.regions) {
      for (ValueId v : m_.region(r).results)
        --uses_[v.index];
      for (NodeId inner : m_.region(r).nodes) {
        if (!m_.node(inner).erased) erase(inner);
      }
    }
  }

  Module& m_;
  std::vector<std::uint32_t> uses_;
};

}  // namespace

bool eliminate_dead_nodes(ir::Module& module) {
  return Dce(module).run();
}

}  // namespace plumb::passes
