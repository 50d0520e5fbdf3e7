// Map fusion: finds producer/consumer pairs, then moves the producer's body into the
// consumer's, rewiring the consumer's item to the producer's yielded value.
#include "compiler/passes/map_fusion.hpp"

#include "compiler/ir/analysis.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

class Fusion {
 public:
  explicit Fusion(Module& module) : m_(module) {}

  bool run() {
    bool any = false;
    for (bool fused = true; fused;) {
      fused = false;
      auto uses = count_uses(m_);
      for (std::uint32_t i = 0; i < m_.nodes.size() && !fused; ++i) {
        NodeId consumer{i};
        if (auto producer = candidate(consumer, uses)) {
          fuse(*producer, consumer);
          fused = any = true;
        }
      }
    }
    if (any) {
      drop_erased(m_);
      recompute_depths(m_);
    }
    return any;
  }

 private:
  bool is_iteration(const Node& n) const {
    return !n.erased && n.region.valid() && (n.kind == NodeKind::Map || n.kind == NodeKind::Filter);
  }

  bool plain(const Node& n) const {
    const ExprNode& concurrency = m_.expr(n.args.at(1));
    return n.attributes.empty() && concurrency.op == ExprOp::Const &&
           m_.constants[concurrency.aux].is_null();
  }

  // A value that is never the absent marker of an item that did not yield.
  bool never_absent(ValueId v) const {
    NodeId def = m_.value(v).def;
    if (!def.valid()) return true;
    const Node& n = m_.node(def);
    if (n.kind == NodeKind::Const) return !m_.constants[m_.expr(n.args[0]).aux].is_absent();
    if (n.kind != NodeKind::Branch) return true;
    for (RegionId arm : n.regions) {
      if (!never_absent(m_.region(arm).results.at(m_.value(v).index))) return false;
    }
    return true;
  }

  std::optional<NodeId> candidate(NodeId consumer_id, const std::vector<std::uint32_t>& uses) {
    const Node& consumer = m_.node(consumer_id);
    if (!is_iteration(consumer) || !plain(consumer)) return std::nullopt;
    const ExprNode& source = m_.expr(consumer.args[0]);
    if (source.op != ExprOp::Input) return std::nullopt;
    ValueId list = consumer.inputs[source.aux];
    NodeId producer_id = m_.value(list).def;
    if (!producer_id.valid() || uses[list.index] != 1) return std::nullopt;
    const Node& producer = m_.node(producer_id);
    if (!is_iteration(producer) || !plain(producer) || producer.region != consumer.region ||
        producer.effect != Purity::Pure) {
      return std::nullopt;
    }
    if (producer.kind == NodeKind::Filter && consumer.kind == NodeKind::Filter) return std::nullopt;
    if (producer.kind == NodeKind::Map &&
        !never_absent(m_.region(producer.regions[0]).results[0])) {
      return std::nullopt;
    }
    return producer_id;
  }

  // Copies a tree of `from` into `to`, re-pointing input leaves at `to`'s inputs.
  ExprId clone(NodeId from, ExprId id, NodeId to) {
    ExprNode e = m_.expr(id);
    std::vector<ExprId> args;
    for (std::uint32_t i = 0; i < e.arg_count; ++i)
      args.push_back(clone(from, m_.expr_arg(e, i), to));
    if (e.op == ExprOp::Input) {
      ValueId v = m_.node(from).inputs[e.aux];
      auto& inputs = m_.node(to).inputs;
      auto it = std::find(inputs.begin(), inputs.end(), v);
      e.aux = static_cast<std::uint32_t>(it - inputs.begin());
      if (it == inputs.end()) inputs.push_back(v);
    }
    return m_.add_expr(e, args);
  }

  // Adds a node; callers must not hold Node references across this (the arena may grow).
  NodeId add_node(NodeKind kind, SourceLoc loc, RegionId region, std::string_view name) {
    Node n;
    n.kind = kind;
    n.region = region;
    n.name = m_.intern(name);
    n.loc = loc;
    m_.nodes.push_back(std::move(n));
    return NodeId{static_cast<std::uint32_t>(m_.nodes.size() - 1)};
  }

  ValueId add_result(NodeId node, Type type, std::string_view name) {
    auto index = static_cast<std::uint32_t>(m_.node(node).results.size());
    ValueId v = m_.add_value(node, m_.node(node).region, index, type, m_.intern(name));
    m_.node(node).results.push_back(v);
    return v;
  }

  ValueId absent_constant(RegionId region, SourceLoc loc) {
    NodeId node = add_node(NodeKind::Const, loc, region, "absent#fused");
    ExprNode e{ExprOp::Const, 0, m_.add_constant(Value::absent()), Type::any(), loc};
    m_.node(node).args.push_back(m_.add_expr(e, {}));
    m_.region(region).nodes.push_back(node);
    return add_result(node, Type::any(), "absent#fused");
  }

  // Moves every node of `from` to the end of `to`.
  void move_nodes(RegionId from, RegionId to) {
    for (NodeId n : m_.region(from).nodes) {
      m_.node(n).region = to;
      for (ValueId v : m_.node(n).results)
        m_.value(v).region = to;
      m_.region(to).nodes.push_back(n);
    }
    m_.region(from).nodes.clear();
  }

  void fuse(NodeId producer_id, NodeId consumer_id) {
    RegionId producer_body = m_.node(producer_id).regions[0];
    RegionId consumer_body = m_.node(consumer_id).regions[0];
    ValueId producer_item = m_.region(producer_body).params[0];
    ValueId consumer_item = m_.region(consumer_body).params[0];
    NodeKind producer_kind = m_.node(producer_id).kind;
    NodeKind consumer_kind = m_.node(consumer_id).kind;
    std::vector<NodeId> consumer_nodes = m_.region(consumer_body).nodes;
    ValueId consumer_result = m_.region(consumer_body).results[0];
    ValueId produced = m_.region(producer_body).results[0];

    // The fused node reads the producer's list.
    m_.node(consumer_id).inputs.resize(m_.node(consumer_id).operand_count);
    ExprId source = clone(producer_id, m_.node(producer_id).args[0], consumer_id);
    m_.node(consumer_id).args[0] = source;
    m_.node(consumer_id).operand_count =
        static_cast<std::uint32_t>(m_.node(consumer_id).inputs.size());
    prune_inputs(m_, consumer_id);

    m_.region(consumer_body).nodes.clear();
    m_.region(consumer_body).params = {producer_item};
    m_.value(producer_item).region = consumer_body;
    move_nodes(producer_body, consumer_body);

    if (producer_kind == NodeKind::Map) {
      // The consumer's item is the producer's yielded value.
      replace_uses(m_, {{consumer_item.index, produced}});
      for (NodeId n : consumer_nodes)
        m_.region(consumer_body).nodes.push_back(n);
      ValueId result = consumer_result == consumer_item ? produced : consumer_result;
      if (consumer_kind == NodeKind::Filter) {
        result = keep_if(consumer_id, m_.string(m_.node(consumer_id).name), result, produced);
      }
      m_.region(consumer_body).results = {result};
      m_.node(consumer_id).kind = NodeKind::Map;
    } else {
      // filter → map: the map body runs in a branch on the filter's condition.
      replace_uses(m_, {{consumer_item.index, producer_item}});
      ValueId condition = produced;
      ValueId result = consumer_result == consumer_item ? producer_item : consumer_result;
      std::string filter_name = m_.string(m_.node(producer_id).name);
      m_.region(consumer_body).results = {
          branch_on(consumer_id, filter_name, condition, consumer_nodes, result)};
    }
    for (NodeId n : m_.region(consumer_body).nodes)
      m_.node(n).region = consumer_body;
    Node& producer = m_.node(producer_id);
    producer.erased = true;
    Node& consumer = m_.node(consumer_id);
    if (producer.effect > consumer.effect) consumer.effect = producer.effect;
    recompute_captures(m_, consumer_id);
  }

  // In the fused body: `condition ? value : absent`, named after the filter it replaces.
  ValueId keep_if(NodeId fused, const std::string& filter_name, ValueId condition, ValueId value) {
    RegionId body = m_.node(fused).regions[0];
    SourceLoc at = m_.node(fused).loc;
    NodeId node = add_node(NodeKind::Expr, at, body, filter_name);
    ValueId absent = absent_constant(body, at);
    m_.node(node).inputs = {condition, value, absent};
    ExprId c = m_.add_expr({ExprOp::Input, 0, 0, m_.value(condition).type, at}, {});
    ExprId v = m_.add_expr({ExprOp::Input, 0, 1, m_.value(value).type, at}, {});
    ExprId a = m_.add_expr({ExprOp::Input, 0, 2, Type::any(), at}, {});
    m_.node(node).args = {m_.add_expr({ExprOp::Ternary, 0, 0, Type::any(), at}, {c, v, a})};
    m_.node(node).operand_count = 3;
    m_.region(body).nodes.push_back(node);
    return add_result(node, Type::any(), filter_name);
  }

  // In the fused body: a branch on `condition` running `then_nodes`, else yielding absent;
  // it keeps the name of the filter it replaces, so its spans still say which filter ran.
  ValueId branch_on(NodeId fused, const std::string& filter_name, ValueId condition,
                    const std::vector<NodeId>& then_nodes, ValueId then_result) {
    RegionId body = m_.node(fused).regions[0];
    SourceLoc at = m_.node(fused).loc;
    NodeId branch = add_node(NodeKind::Branch, at, body, filter_name);
    m_.node(branch).inputs = {condition};
    m_.node(branch).operand_count = 1;
    m_.node(branch).args = {m_.add_expr({ExprOp::Input, 0, 0, Type::boolean(), at}, {})};
    auto arm = [&]() {
      Region r;
      r.owner = branch;
      r.function = m_.region(body).function;
      r.depth = m_.region(body).depth + 1;
      m_.regions.push_back(std::move(r));
      RegionId id{static_cast<std::uint32_t>(m_.regions.size() - 1)};
      m_.node(branch).regions.push_back(id);
      return id;
    };
    RegionId then_region = arm();
    RegionId else_region = arm();
    for (NodeId n : then_nodes) {
      m_.node(n).region = then_region;
      for (ValueId v : m_.node(n).results)
        m_.value(v).region = then_region;
      m_.region(then_region).nodes.push_back(n);
    }
    m_.region(then_region).results = {then_result};
    m_.region(else_region).results = {absent_constant(else_region, at)};
    m_.region(body).nodes.push_back(branch);
    ValueId merged = add_result(branch, Type::any(), "yield#fused");
    Purity effect = Purity::Pure;
    for (NodeId n : then_nodes)
      effect = std::max(effect, m_.node(n).effect);
    m_.node(branch).effect = effect;
    recompute_depths(m_);
    recompute_captures(m_, branch);
    return merged;
  }

  Module& m_;
};

}  // namespace

bool fuse_maps(ir::Module& module) {
  return Fusion(module).run();
}

}  // namespace plumb::passes
