// LICM: loops are visited innermost first, so an invariant can leave several loops.
#include "compiler/passes/licm.hpp"

#include <unordered_set>

#include "base/value/builtins.hpp"
#include "compiler/ir/analysis.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

// Built-ins that never fail on arguments of their accepted static types.
const std::unordered_set<std::string_view> kTotalBuiltins = {
    "len",     "str",      "lower",       "upper",     "trim",    "keys",    "values",
    "to_json", "contains", "starts_with", "ends_with", "reverse", "flatten", "enumerate"};

bool is_type(const ExprNode& e, TypeKind kind) {
  return e.type.is(kind);
}

class Hoister {
 public:
  explicit Hoister(Module& module) : m_(module) {}

  bool run() {
    std::vector<NodeId> loops;
    for_each_node(m_, [&](NodeId id) {
      NodeKind k = m_.node(id).kind;
      if (k == NodeKind::For || k == NodeKind::While) loops.push_back(id);
    });
    bool changed = false;
    for (auto it = loops.rbegin(); it != loops.rend(); ++it)
      changed |= loop(*it);
    return changed;
  }

 private:
  // Whether evaluating the tree can never raise an error.
  bool cannot_fail(ExprId id) const {
    const ExprNode& e = m_.expr(id);
    for (std::uint32_t i = 0; i < e.arg_count; ++i) {
      if (!cannot_fail(m_.expr_arg(e, i))) return false;
    }
    auto arg = [&](std::uint32_t i) -> const ExprNode& { return m_.expr(m_.expr_arg(e, i)); };
    switch (e.op) {
      case ExprOp::Const:
      case ExprOp::Input:
      case ExprOp::List:
      case ExprOp::Record:
      case ExprOp::Concat:
        return true;
      case ExprOp::Unary:
        return static_cast<ops::Unary>(e.sub) == ops::Unary::Not ? is_type(arg(0), TypeKind::Bool)
                                                                 : is_type(arg(0), TypeKind::Float);
      case ExprOp::And:
      case ExprOp::Or:
        return is_type(arg(0), TypeKind::Bool) && is_type(arg(1), TypeKind::Bool);
      case ExprOp::Ternary:
        return is_type(arg(0), TypeKind::Bool);
      case ExprOp::Field: {
        Type object = arg(0).type;
        return object.is_closed_record() && object.find_field(m_.string(e.aux)) != nullptr;
      }
      case ExprOp::Binary: {
        auto op = static_cast<ops::Binary>(e.sub);
        const ExprNode& l = arg(0);
        const ExprNode& r = arg(1);
        bool floats = is_type(l, TypeKind::Float) && is_type(r, TypeKind::Float);
        bool strings = is_type(l, TypeKind::Str) && is_type(r, TypeKind::Str);
        switch (op) {
          case ops::Binary::Eq:
          case ops::Binary::Ne:
            return true;
          case ops::Binary::Lt:
          case ops::Binary::Le:
          case ops::Binary::Gt:
          case ops::Binary::Ge:
            return floats || strings || (l.type.is_numeric() && r.type.is_numeric());
          case ops::Binary::Add:
            return floats || strings || (is_type(l, TypeKind::List) && is_type(r, TypeKind::List));
          case ops::Binary::Sub:
          case ops::Binary::Mul:
            return floats;
          default:
            return false;
        }
      }
      case ExprOp::Builtin: {
        const builtins::Builtin& b = builtins::get(static_cast<int>(e.aux));
        if (!b.deterministic || !kTotalBuiltins.count(b.name)) return false;
        for (std::uint32_t i = 0; i < e.arg_count; ++i) {
          if (arg(i).type.is_any() || arg(i).type.is(TypeKind::Nullable)) return false;
        }
        return true;
      }
      case ExprOp::Index:
        return false;
    }
    return false;
  }

  bool loop(NodeId loop_id) {
    RegionId outer = m_.node(loop_id).region;
    std::uint32_t depth = m_.region(outer).depth;
    bool changed = false;
    const auto regions = m_.node(loop_id).regions;
    for (std::size_t r = 0; r < regions.size(); ++r) {
      bool always_runs = m_.node(loop_id).kind == NodeKind::While && r == 0;
      std::vector<NodeId> kept;
      for (NodeId id : m_.region(regions[r]).nodes) {
        if (invariant(id, depth) && (always_runs || safe(id))) {
          move_before(id, loop_id, outer);
          changed = true;
        } else {
          kept.push_back(id);
        }
      }
      m_.region(regions[r]).nodes = std::move(kept);
    }
    if (changed) recompute_captures(m_, loop_id);
    return changed;
  }

  bool invariant(NodeId id, std::uint32_t depth) const {
    const Node& n = m_.node(id);
    if (n.effect != Purity::Pure || (n.kind != NodeKind::Expr && n.kind != NodeKind::Const)) {
      return false;
    }
    for (ValueId v : n.inputs) {
      if (m_.region(m_.value(v).region).depth > depth) return false;
    }
    return true;
  }

  bool safe(NodeId id) const {
    for (ExprId e : m_.node(id).args) {
      if (!cannot_fail(e)) return false;
    }
    return true;
  }

  void move_before(NodeId id, NodeId loop_id, RegionId outer) {
    auto& nodes = m_.region(outer).nodes;
    nodes.insert(std::find(nodes.begin(), nodes.end(), loop_id), id);
    m_.node(id).region = outer;
    for (ValueId v : m_.node(id).results)
      m_.value(v).region = outer;
  }

  Module& m_;
};

}  // namespace

bool hoist_invariants(ir::Module& module) {
  return Hoister(module).run();
}

}  // namespace plumb::passes
