// Verifier implementation: one walk over each function's regions, tracking which values are
// visible (defined so far in this region and its ancestors).
#include "compiler/passes/verifier.hpp"

#include <algorithm>
#include <unordered_set>

#include "compiler/ir/printer.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

struct Shape {
  std::size_t regions;
  std::size_t args_min;
};

class Verifier {
 public:
  explicit Verifier(const Module& module) : m_(module) {}

  std::vector<std::string> run() {
    for (std::uint32_t f = 0; f < m_.functions.size(); ++f) {
      function_ = FunctionId{f};
      names_ = std::make_unique<Names>(m_, function_);
      visible_.clear();
      region(m_.function(function_).body);
    }
    return std::move(errors_);
  }

 private:
  void fail(NodeId node, const std::string& what) {
    errors_.push_back("in @" + m_.string(m_.function(function_).name) + ", node " +
                      names_->node(node) + ": " + what);
  }
  std::string value_name(ValueId v) const { return names_->value(v); }

  bool is_visible(ValueId v) const { return visible_.count(v.index) != 0; }
  // Whether `v` names a value of the module (a dangling edge does not).
  bool exists(ValueId v) const { return v.valid() && v.index < m_.values.size(); }

  void region(RegionId id) {
    const Region& r = m_.region(id);
    std::vector<std::uint32_t> added;
    auto define = [&](ValueId v) {
      visible_.insert(v.index);
      added.push_back(v.index);
    };
    for (ValueId p : r.params)
      define(p);
    std::unordered_set<std::uint32_t> earlier;
    NodeId last_effect;
    std::vector<NodeId> volatiles;
    for (NodeId id_node : r.nodes) {
      const Node& n = m_.node(id_node);
      if (n.erased) fail(id_node, "an erased node is still listed in a region");
      if (n.region != id) fail(id_node, "its region field does not name the region holding it");
      for (ValueId v : n.inputs) {
        if (!exists(v)) {
          fail(id_node, "reads a value that does not exist");
        } else if (!is_visible(v)) {
          fail(id_node,
               "reads " + value_name(v) + " before it is defined (or from another region)");
        }
      }
      for (NodeId before : n.order_after) {
        if (!earlier.count(before.index)) {
          fail(id_node, "is ordered after " + names_->node(before) +
                            ", which is not an earlier node of the same region");
        }
      }
      effects(id_node, n, last_effect, volatiles);
      expressions(id_node, n);
      if (has_regions(n.kind)) structured(id_node, n);
      for (ValueId v : n.results) {
        if (m_.value(v).def != id_node) fail(id_node, "a result does not name it as its definer");
        define(v);
      }
      earlier.insert(id_node.index);
    }
    for (ValueId v : r.results) {
      if (!exists(v) || !is_visible(v)) {
        errors_.push_back("in @" + m_.string(m_.function(function_).name) + ": region result " +
                          value_name(v) + " is not defined in or above the region");
      }
    }
    for (std::uint32_t v : added)
      visible_.erase(v);
  }

  // A direct predecessor: ordered after it, or reading one of its results.
  bool follows(const Node& n, NodeId before) const {
    if (std::find(n.order_after.begin(), n.order_after.end(), before) != n.order_after.end()) {
      return true;
    }
    for (ValueId v : n.inputs) {
      if (exists(v) && m_.value(v).def == before) return true;
    }
    return false;
  }

  void effects(NodeId id, const Node& n, NodeId& last_effect, std::vector<NodeId>& volatiles) {
    if (n.effect == Purity::Pure) return;
    if (last_effect.valid() && !follows(n, last_effect)) {
      fail(id, "can overtake the effect " + names_->node(last_effect) + " written before it");
    }
    if (n.effect == Purity::Volatile) {
      volatiles.push_back(id);
      return;
    }
    for (NodeId v : volatiles) {
      if (!follows(n, v)) fail(id, "is an effect that can overtake the read " + names_->node(v));
    }
    last_effect = id;
    volatiles.clear();
  }

  void expressions(NodeId id, const Node& n) {
    for (ExprId e : n.args)
      expression(id, n, e);
  }

  void expression(NodeId id, const Node& n, ExprId e) {
    if (!e.valid() || e.index >= m_.exprs.size()) {
      fail(id, "has an argument that is not an expression");
      return;
    }
    const ExprNode& x = m_.expr(e);
    if (x.op == ExprOp::Input) {
      if (x.aux >= n.inputs.size()) {
        fail(id, "an expression reads input " + std::to_string(x.aux) + " of " +
                     std::to_string(n.inputs.size()));
      } else if (exists(n.inputs[x.aux]) && !may_flow_to(m_.value(n.inputs[x.aux]).type, x.type)) {
        fail(id, "an expression reads " + value_name(n.inputs[x.aux]) + " as " +
                     x.type.to_string() + " but it is " +
                     m_.value(n.inputs[x.aux]).type.to_string());
      }
    }
    if (x.op == ExprOp::Const && x.aux >= m_.constants.size()) fail(id, "a constant is missing");
    for (std::uint32_t i = 0; i < x.arg_count; ++i)
      expression(id, n, m_.expr_arg(x, i));
  }

  void flows(NodeId id, ValueId from, Type to, const std::string& what) {
    if (!exists(from)) return;  // reported as a region result that is not defined
    if (!may_flow_to(m_.value(from).type, to)) {
      fail(id, what + " " + value_name(from) + " is " + m_.value(from).type.to_string() +
                   ", which cannot flow into " + to.to_string());
    }
  }

  void structured(NodeId id, const Node& n) {
    std::size_t carried = n.results.size();
    auto expect = [&](bool ok, const std::string& what) {
      if (!ok) fail(id, what);
    };
    switch (n.kind) {
      case NodeKind::Map:
      case NodeKind::Filter: {
        expect(n.regions.size() == 1, "needs one region");
        if (n.regions.size() != 1) return;
        const Region& body = m_.region(n.regions[0]);
        expect(body.params.size() == 1 && body.results.size() == 1 && n.results.size() == 1 &&
                   n.args.size() == 2,
               "needs one item parameter, one region result, one node result and two arguments");
        if (n.kind == NodeKind::Filter && body.results.size() == 1) {
          flows(id, body.results[0], Type::boolean(), "the filter condition");
        }
        break;
      }
      case NodeKind::Branch: {
        expect(n.regions.size() == 2 && n.args.size() == 1, "needs two regions and a condition");
        for (RegionId r : n.regions) {
          const Region& arm = m_.region(r);
          expect(arm.params.empty() && arm.results.size() == n.results.size(),
                 "each arm needs no parameters and one result per merged value");
          for (std::size_t i = 0; i < arm.results.size() && i < n.results.size(); ++i) {
            flows(id, arm.results[i], m_.value(n.results[i]).type, "the arm result");
          }
        }
        break;
      }
      case NodeKind::For: {
        expect(n.regions.size() == 1 && n.args.size() == 1 + carried,
               "needs one region, "
               "the list and one initial value per carried value");
        if (n.regions.size() != 1) return;
        const Region& body = m_.region(n.regions[0]);
        expect(body.params.size() == 1 + carried && body.results.size() == carried,
               "its body needs the item and the carried values as parameters");
        carried_types(id, n, body, 1);
        break;
      }
      case NodeKind::While: {
        expect(n.regions.size() == 2 && n.args.size() == 1 + carried,
               "needs a condition region, a body region, the bound and the initial values");
        if (n.regions.size() != 2) return;
        const Region& cond = m_.region(n.regions[0]);
        const Region& body = m_.region(n.regions[1]);
        expect(cond.params.size() == carried && cond.results.size() == 1,
               "its condition region needs the carried values and one result");
        expect(body.params.size() == carried && body.results.size() == carried,
               "its body needs the carried values as parameters and results");
        if (cond.results.size() == 1) flows(id, cond.results[0], Type::boolean(), "the condition");
        carried_types(id, n, body, 0);
        break;
      }
      default:
        break;
    }
    captures(id, n);
    for (RegionId r : n.regions) {
      if (m_.region(r).owner != id) fail(id, "owns a region that names another owner");
      region(r);
    }
  }

  void carried_types(NodeId id, const Node& n, const Region& body, std::size_t first_param) {
    for (std::size_t i = 0; i < n.results.size() && i < body.results.size(); ++i) {
      Type carried = m_.value(n.results[i]).type;
      flows(id, body.results[i], carried, "the next carried value");
      if (first_param + i < body.params.size()) {
        flows(id, body.params[first_param + i], carried, "the carried parameter");
      }
    }
  }

  // Every value from outside read inside the node's regions must be one of its inputs.
  void captures(NodeId id, const Node& n) {
    std::uint32_t depth = m_.region(n.region).depth;
    std::vector<RegionId> pending(n.regions.begin(), n.regions.end());
    while (!pending.empty()) {
      const Region& r = m_.region(pending.back());
      pending.pop_back();
      auto check = [&](ValueId v) {
        if (exists(v) && m_.region(m_.value(v).region).depth <= depth &&
            std::find(n.inputs.begin(), n.inputs.end(), v) == n.inputs.end()) {
          fail(id, "reads " + value_name(v) + " inside a region without capturing it");
        }
      };
      for (NodeId inner : r.nodes) {
        for (ValueId v : m_.node(inner).inputs)
          check(v);
        for (RegionId nested : m_.node(inner).regions)
          pending.push_back(nested);
      }
      for (ValueId v : r.results)
        check(v);
    }
  }

  const Module& m_;
  FunctionId function_;
  std::unique_ptr<Names> names_;
  std::unordered_set<std::uint32_t> visible_;
  std::vector<std::string> errors_;
};

}  // namespace

std::vector<std::string> verify(const ir::Module& module) {
  return Verifier(module).run();
}

}  // namespace plumb::passes
