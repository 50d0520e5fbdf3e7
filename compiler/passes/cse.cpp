// CSE with a scoped hash table: entries of a region stay visible in the regions nested in
// it and disappear when its walk ends. Uses are rewritten as nodes are visited, so chains of
// duplicates collapse in one pass.
#include "compiler/passes/cse.hpp"

#include <unordered_map>

#include "compiler/ir/analysis.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

std::uint64_t combine(std::uint64_t h, std::uint64_t v) {
  return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

class Cse {
 public:
  explicit Cse(Module& module) : m_(module) {}

  bool run() {
    for (const Function& f : m_.functions)
      region(f.body);
    replace_uses(m_, replacement_);
    if (changed_) {
      drop_erased(m_);
      for (Node& n : m_.nodes) {
        if (!n.erased && has_regions(n.kind)) {
          recompute_captures(m_, NodeId{static_cast<std::uint32_t>(&n - m_.nodes.data())});
        }
      }
    }
    return changed_;
  }

 private:
  static bool eligible(const Node& n) {
    bool kind = n.kind == NodeKind::Const || n.kind == NodeKind::Expr ||
                n.kind == NodeKind::Stage || n.kind == NodeKind::Call;
    return kind && n.effect == Purity::Pure && n.attributes.empty();
  }

  ValueId mapped(ValueId v) const {
    for (auto it = replacement_.find(v.index); it != replacement_.end();
         it = replacement_.find(v.index)) {
      v = it->second;
    }
    return v;
  }

  std::uint64_t hash(const Node& n, ExprId id) const {
    const ExprNode& e = m_.expr(id);
    std::uint64_t h = combine(static_cast<std::uint64_t>(e.op), e.sub);
    if (e.op == ExprOp::Const) {
      const Value& v = m_.constants[e.aux];
      h = combine(h, stable_hash(v) ^ static_cast<std::uint64_t>(v.kind()));
    } else if (e.op == ExprOp::Input) {
      h = combine(h, n.inputs[e.aux].index);
    } else {
      h = combine(h, e.aux);
    }
    for (std::uint32_t i = 0; i < e.arg_count; ++i)
      h = combine(h, hash(n, m_.expr_arg(e, i)));
    return h;
  }

  std::uint64_t hash(const Node& n) const {
    std::uint64_t h =
        combine(static_cast<std::uint64_t>(n.kind), reinterpret_cast<std::uintptr_t>(n.stage));
    h = combine(h, n.callee.index);
    for (std::uint32_t k : n.extra_keywords)
      h = combine(h, k);
    for (ExprId e : n.args)
      h = combine(h, hash(n, e));
    return h;
  }

  bool same(const Node& a, ExprId x, const Node& b, ExprId y) const {
    const ExprNode& ex = m_.expr(x);
    const ExprNode& ey = m_.expr(y);
    if (ex.op != ey.op || ex.sub != ey.sub || ex.arg_count != ey.arg_count) return false;
    if (ex.op == ExprOp::Const) {
      const Value& vx = m_.constants[ex.aux];
      const Value& vy = m_.constants[ey.aux];
      if (vx.kind() != vy.kind() || !(vx == vy)) return false;
    } else if (ex.op == ExprOp::Input) {
      if (a.inputs[ex.aux] != b.inputs[ey.aux]) return false;
    } else if (ex.aux != ey.aux) {
      if (ex.op != ExprOp::Record) return false;
      const Shape& sx = m_.shapes[ex.aux];
      const Shape& sy = m_.shapes[ey.aux];
      if (sx.size() != sy.size()) return false;
      for (std::size_t i = 0; i < sx.size(); ++i) {
        if (sx.key(i) != sy.key(i)) return false;
      }
    }
    for (std::uint32_t i = 0; i < ex.arg_count; ++i) {
      if (!same(a, m_.expr_arg(ex, i), b, m_.expr_arg(ey, i))) return false;
    }
    return true;
  }

  bool same(const Node& a, const Node& b) const {
    if (a.kind != b.kind || a.stage != b.stage || a.callee != b.callee ||
        a.extra_keywords != b.extra_keywords || a.args.size() != b.args.size() ||
        a.results.size() != b.results.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.args.size(); ++i) {
      if (!same(a, a.args[i], b, b.args[i])) return false;
    }
    return true;
  }

  void region(RegionId id) {
    std::vector<std::uint64_t> added;
    for (NodeId node_id : m_.region(id).nodes) {
      Node& n = m_.node(node_id);
      for (ValueId& v : n.inputs)
        v = mapped(v);
      if (eligible(n)) {
        std::uint64_t h = hash(n);
        auto [first, last] = table_.equal_range(h);
        bool merged = false;
        for (auto it = first; it != last; ++it) {
          const Node& earlier = m_.node(it->second);
          if (!same(earlier, n)) continue;
          for (std::size_t i = 0; i < n.results.size(); ++i) {
            replacement_[n.results[i].index] = earlier.results[i];
          }
          n.erased = true;
          merged = changed_ = true;
          break;
        }
        if (!merged) {
          table_.emplace(h, node_id);
          added.push_back(h);
        }
      }
      for (RegionId inner : m_.node(node_id).regions)
        region(inner);
    }
    for (ValueId& v : m_.region(id).results)
      v = mapped(v);
    // Entries of this region go out of scope; nested regions' entries were removed already.
    for (std::uint64_t h : added) {
      auto [first, last] = table_.equal_range(h);
      for (auto it = first; it != last; ++it) {
        if (m_.node(it->second).region == id) {
          table_.erase(it);
          break;
        }
      }
    }
  }

  Module& m_;
  std::unordered_multimap<std::uint64_t, NodeId> table_;
  std::unordered_map<std::uint32_t, ValueId> replacement_;
  bool changed_ = false;
};

}  // namespace

bool eliminate_common_subexpressions(ir::Module& module) {
  return Cse(module).run();
}

}  // namespace plumb::passes
