// make_plan: frame layouts, resolved inputs, dependency counts, code and span metadata.
#include "runtime/exec/plan.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace plumb::exec {

namespace {

void interpret(const void* state, const Value* const* inputs, Value* out) {
  const auto* node = static_cast<const NodePlan*>(state);
  evaluate(node->code, node->pool, inputs, out);
}

class Planner {
 public:
  Planner(const ir::Module& module, Plan& plan) : m_(module), plan_(plan) {}

  void run() {
    plan_.regions.resize(m_.regions.size());
    name_uses_.assign(m_.strings.size(), 0);
    for (std::uint32_t f = 0; f < m_.functions.size(); ++f) {
      const ir::Function& function = m_.functions[f];
      FunctionPlan fp;
      fp.name = m_.string(function.name);
      fp.params = function.params;
      for (const ir::ParamInfo& p : function.params)
        fp.param_names.push_back(m_.string(p.name));
      fp.result_type = function.result_type;
      fp.body = function.body.index;
      fp.file = m_.files.at(function.loc.file);
      plan_.functions.push_back(std::move(fp));
      current_pipeline_ = m_.string(function.name);
      region(function.body, "");
    }
    for (RegionPlan& rp : plan_.regions) {
      rp.annotating = std::any_of(rp.nodes.begin(), rp.nodes.end(), [](const NodePlan& n) {
        return n.stage && !n.stage->signature.own_span;
      });
      plan_.annotated = plan_.annotated || rp.annotating;
    }
    for (RegionPlan& rp : plan_.regions) {
      for (NodePlan& n : rp.nodes)
        n.meta.annotated = annotated(n);
    }
    mark_blocking();
  }

 private:
  // `prefix`: the path of the region within its pipeline, ending in `/` (empty for a body).
  void region(ir::RegionId id, const std::string& prefix) {
    const ir::Region& r = m_.region(id);
    RegionPlan& rp = plan_.regions[id.index];
    rp.depth = r.depth;
    std::uint32_t slots = 0;
    for (ir::ValueId p : r.params) {
      slot_[p.index] = slots;
      rp.param_slots.push_back(slots++);
    }
    std::unordered_map<std::uint32_t, std::uint32_t> local;  // node id -> index in region
    for (ir::NodeId n : r.nodes) {
      local[n.index] = static_cast<std::uint32_t>(local.size());
      for (ir::ValueId v : m_.node(n).results)
        slot_[v.index] = slots++;
    }
    rp.slot_count = slots;
    rp.nodes.resize(r.nodes.size());
    bool straight = true;
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      node(r, r.nodes[i], rp.nodes[i], local);
      const ir::Node& n = m_.node(r.nodes[i]);
      // A name repeated in one region (a `var` updated, two unbound calls on one line) gets
      // `~2`, `~3`... from its second node on, so that every path is unique.
      telemetry::NodeMeta& meta = rp.nodes[i].meta;
      const std::uint32_t occurrence = ++name_uses_.at(n.name);
      meta.path = prefix + meta.node + (occurrence > 1 ? "~" + std::to_string(occurrence) : "");
      straight = straight && (n.kind == ir::NodeKind::Const || n.kind == ir::NodeKind::Expr) &&
                 n.effect == Purity::Pure && n.attributes.empty();
    }
    for (ir::NodeId n : r.nodes)
      name_uses_[m_.node(n).name] = 0;
    rp.straight_line = straight;
    for (ir::ValueId v : r.results)
      rp.results.push_back(ref(v, r.depth));
    if (straight) rp.free_inputs = free_inputs(rp);
    for (std::uint32_t i = 0; i < rp.nodes.size(); ++i) {
      if (rp.nodes[i].predecessors == 0) rp.roots.push_back(i);
      if (rp.nodes[i].predecessors > 1) {
        rp.nodes[i].join = static_cast<std::uint32_t>(rp.joins.size());
        rp.joins.push_back(i);
      }
      if (rp.nodes[i].successors.empty()) ++rp.sinks;
    }
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      const ir::Node& n = m_.node(r.nodes[i]);
      for (std::size_t k = 0; k < n.regions.size(); ++k) {
        // Nodes with several regions (the arms of `if`, `while`'s condition and body) name
        // the region too.
        std::string inner = rp.nodes[i].meta.path + "/";
        if (n.regions.size() > 1) inner += std::string(ir::region_label(n.kind, k)) + "/";
        region(n.regions[k], inner);
      }
    }
  }

  // Whether running each region may wait on a blocking stage call, directly, in a nested
  // region or in a called pipeline. Each region is looked at once, after its nested regions
  // and callees, on an explicit stack: call chains may be thousands of pipelines long, and a
  // pipeline called from many places must not be walked again from each.
  void mark_blocking() {
    enum : std::uint8_t { kNew, kOpen, kDone };
    struct Visit {
      std::uint32_t region;
      std::vector<std::uint32_t> parts;
      std::size_t next = 0;
    };
    std::vector<std::uint8_t> state(plan_.regions.size(), kNew);
    std::vector<Visit> stack;
    auto open = [&](std::uint32_t r) {
      state[r] = kOpen;
      stack.push_back(Visit{r, parts(r)});
    };
    for (std::uint32_t start = 0; start < plan_.regions.size(); ++start) {
      if (state[start] == kNew) open(start);
      while (!stack.empty()) {
        Visit& top = stack.back();
        if (top.next < top.parts.size()) {
          std::uint32_t part = top.parts[top.next++];
          if (state[part] == kOpen) {
            throw std::logic_error("plan: a region reaches itself through calls");
          }
          if (state[part] == kNew) open(part);
          continue;
        }
        RegionPlan& rp = plan_.regions[top.region];
        rp.blocking = std::any_of(rp.nodes.begin(), rp.nodes.end(), [](const NodePlan& n) {
          return n.stage && n.stage->signature.may_block();
        });
        for (std::uint32_t part : top.parts)
          rp.blocking = rp.blocking || plan_.regions[part].blocking;
        state[top.region] = kDone;
        stack.pop_back();
      }
    }
  }

  // The regions a region runs: its nodes' regions and the bodies of the pipelines it calls.
  std::vector<std::uint32_t> parts(std::uint32_t r) const {
    std::vector<std::uint32_t> result;
    for (const NodePlan& n : plan_.regions[r].nodes) {
      result.insert(result.end(), n.regions.begin(), n.regions.end());
      if (n.kind == ir::NodeKind::Call) result.push_back(plan_.functions[n.callee].body);
    }
    return result;
  }

  // Whether `trace.*` calls note on the node's spans: a region it runs (an arm, a body, the
  // called pipeline's body) holds some directly.
  bool annotated(const NodePlan& n) const {
    for (std::uint32_t inner : n.regions) {
      if (plan_.regions[inner].annotating) return true;
    }
    return n.kind == ir::NodeKind::Call && plan_.regions[plan_.functions[n.callee].body].annotating;
  }

  static std::vector<SlotRef> free_inputs(const RegionPlan& rp) {
    std::vector<SlotRef> free;
    auto add = [&](SlotRef ref) {
      const bool produced = ref.up == 0 && ref.slot >= rp.param_slots.size();
      auto same = [&](SlotRef other) { return other.up == ref.up && other.slot == ref.slot; };
      if (!produced && std::none_of(free.begin(), free.end(), same)) free.push_back(ref);
    };
    for (const NodePlan& node : rp.nodes) {
      for (SlotRef ref : node.inputs)
        add(ref);
    }
    for (SlotRef ref : rp.results)
      add(ref);
    return free;
  }

  SlotRef ref(ir::ValueId v, std::uint32_t depth) const {
    const ir::ValueInfo& info = m_.value(v);
    std::uint32_t def_depth = m_.region(info.region).depth;
    return SlotRef{static_cast<std::uint16_t>(depth - def_depth), slot_.at(v.index)};
  }

  void node(const ir::Region& r, ir::NodeId id, NodePlan& np,
            const std::unordered_map<std::uint32_t, std::uint32_t>& local) {
    const ir::Node& n = m_.node(id);
    np.kind = n.kind;
    np.effect = n.effect;
    np.id = id.index;
    for (ir::ValueId v : n.inputs)
      np.inputs.push_back(ref(v, r.depth));
    np.arg_count = static_cast<std::uint32_t>(n.args.size());
    np.code = compile(m_, n);
    for (ir::ValueId v : n.results)
      np.results.push_back(slot_.at(v.index));
    for (ir::RegionId inner : n.regions)
      np.regions.push_back(inner.index);
    np.stage = n.stage;
    for (std::uint32_t k : n.extra_keywords)
      np.extra_names.emplace_back(m_.string(k), Value());
    np.callee = n.callee.valid() ? n.callee.index : 0;
    np.param_index = n.param_index;
    np.attributes = n.attributes;
    np.traced = n.kind != ir::NodeKind::Param && n.kind != ir::NodeKind::Const &&
                n.kind != ir::NodeKind::Return && (!n.stage || n.stage->signature.own_span);
    np.critical = n.critical;
    // Predecessors in the region: data edges from nodes of this region and ordering edges.
    std::vector<std::uint32_t> preds;
    auto add = [&](ir::NodeId p) {
      auto it = local.find(p.index);
      if (it != local.end() && std::find(preds.begin(), preds.end(), it->second) == preds.end()) {
        preds.push_back(it->second);
      }
    };
    for (ir::ValueId v : n.inputs) {
      if (m_.value(v).def.valid()) add(m_.value(v).def);
    }
    for (ir::NodeId before : n.order_after)
      add(before);
    np.predecessors = static_cast<std::uint32_t>(preds.size());
    std::uint32_t self = local.at(id.index);
    RegionPlan& rp = plan_.regions[region_index(r)];
    for (std::uint32_t p : preds)
      rp.nodes[p].successors.push_back(self);
    meta(n, np);
  }

  std::uint32_t region_index(const ir::Region& r) const {
    return static_cast<std::uint32_t>(&r - m_.regions.data());
  }

  void meta(const ir::Node& n, NodePlan& np) {
    telemetry::NodeMeta& meta = np.meta;
    meta.id = np.id;
    meta.node = m_.string(n.name);
    meta.pipeline = current_pipeline_;
    if (n.kind == ir::NodeKind::Stage) {
      meta.stage = n.stage->signature.name;
    } else {
      meta.stage = std::string(ir::kind_name(n.kind));
    }
    if (n.kind == ir::NodeKind::Call) meta.callee = m_.string(m_.function(n.callee).name);
    meta.file = m_.files.at(n.loc.file);
    meta.line = n.loc.line;
    meta.col = n.loc.col;
    meta.labels = n.attributes.labels;
    meta.span_name = n.attributes.span_name;
  }

  const ir::Module& m_;
  Plan& plan_;
  std::unordered_map<std::uint32_t, std::uint32_t> slot_;  // value id -> slot in its frame
  std::string current_pipeline_;
  // By interned name: the nodes of the region being planned that have it (0 between regions).
  std::vector<std::uint32_t> name_uses_;
};

}  // namespace

ArgumentCode interpreter(const NodePlan& node) {
  return ArgumentCode{interpret, &node};
}

std::shared_ptr<Plan> make_plan(std::shared_ptr<const ir::Module> module) {
  auto plan = std::make_shared<Plan>();
  plan->constants = module->constants;
  plan->shapes = module->shapes;
  plan->strings = module->strings;
  plan->files = module->files;
  plan->node_count = static_cast<std::uint32_t>(module->nodes.size());
  Planner(*module, *plan).run();
  plan->module = std::move(module);
  // The plan's vectors no longer move, so nodes can point at them and at themselves.
  for (std::uint32_t r = 0; r < plan->regions.size(); ++r) {
    std::vector<NodePlan>& nodes = plan->regions[r].nodes;
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      nodes[i].pool = plan->pool();
      nodes[i].evaluator = interpreter(nodes[i]);
      if (nodes[i].traced) plan->traced.push_back(TracedNode{nodes[i].id, r, i});
    }
  }
  plan->metric_series = std::make_shared<std::vector<NodeSeries>>(plan->traced.size());
  return plan;
}

}  // namespace plumb::exec
