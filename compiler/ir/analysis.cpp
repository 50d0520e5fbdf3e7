// Implementation of the pass helpers in analysis.hpp.
#include "compiler/ir/analysis.hpp"

#include <algorithm>

namespace plumb::ir {

std::vector<std::uint32_t> count_uses(const Module& m) {
  std::vector<std::uint32_t> uses(m.values.size(), 0);
  for (const Region& r : m.regions) {
    for (NodeId n : r.nodes) {
      for (ValueId v : m.node(n).inputs)
        ++uses[v.index];
    }
    for (ValueId v : r.results)
      ++uses[v.index];
  }
  return uses;
}

void replace_uses(Module& m, const std::unordered_map<std::uint32_t, ValueId>& replacement) {
  if (replacement.empty()) return;
  auto mapped = [&](ValueId v) {
    for (auto it = replacement.find(v.index); it != replacement.end();
         it = replacement.find(v.index)) {
      v = it->second;
    }
    return v;
  };
  for (Region& r : m.regions) {
    for (ValueId& v : r.results)
      v = mapped(v);
  }
  for (Node& n : m.nodes) {
    if (n.erased) continue;
    for (ValueId& v : n.inputs)
      v = mapped(v);
  }
}

void recompute_captures(Module& m, NodeId id) {
  std::uint32_t depth = m.region(m.node(id).region).depth;
  std::vector<ValueId> captures;
  auto capture = [&](ValueId v) {
    if (m.region(m.value(v).region).depth <= depth &&
        std::find(captures.begin(), captures.end(), v) == captures.end()) {
      captures.push_back(v);
    }
  };
  std::vector<RegionId> pending(m.node(id).regions.begin(), m.node(id).regions.end());
  while (!pending.empty()) {
    const Region& r = m.region(pending.back());
    pending.pop_back();
    for (NodeId inner : r.nodes) {
      for (ValueId v : m.node(inner).inputs)
        capture(v);
    }
    for (ValueId v : r.results)
      capture(v);
  }
  Node& node = m.node(id);
  node.inputs.resize(node.operand_count);
  for (ValueId v : captures) {
    if (std::find(node.inputs.begin(), node.inputs.end(), v) == node.inputs.end()) {
      node.inputs.push_back(v);
    }
  }
}

namespace {

void mark_reads(const Module& m, ExprId id, std::vector<bool>& read) {
  const ExprNode& e = m.expr(id);
  if (e.op == ExprOp::Input) read[e.aux] = true;
  for (std::uint32_t i = 0; i < e.arg_count; ++i)
    mark_reads(m, m.expr_arg(e, i), read);
}

void renumber(Module& m, ExprId id, const std::vector<std::uint32_t>& index) {
  ExprNode& e = m.expr(id);
  if (e.op == ExprOp::Input) e.aux = index[e.aux];
  for (std::uint32_t i = 0; i < m.expr(id).arg_count; ++i) {
    renumber(m, m.expr_arg(m.expr(id), i), index);
  }
}

}  // namespace

void prune_inputs(Module& m, NodeId id) {
  Node& node = m.node(id);
  const bool structured = has_regions(node.kind);
  const std::size_t operands = structured ? node.operand_count : node.inputs.size();
  std::vector<bool> read(node.inputs.size(), false);
  for (ExprId e : node.args)
    mark_reads(m, e, read);
  if (std::all_of(read.begin(), read.begin() + static_cast<std::ptrdiff_t>(operands),
                  [](bool r) { return r; })) {
    return;
  }
  std::vector<std::uint32_t> index(node.inputs.size(), 0);
  std::vector<ValueId> kept;
  for (std::size_t i = 0; i < operands; ++i) {
    if (!read[i]) continue;
    index[i] = static_cast<std::uint32_t>(kept.size());
    kept.push_back(node.inputs[i]);
  }
  node.inputs = std::move(kept);
  node.operand_count = static_cast<std::uint32_t>(node.inputs.size());
  std::vector<ExprId> args = node.args;
  for (ExprId e : args)
    renumber(m, e, index);
  if (structured) recompute_captures(m, id);
}

void drop_erased(Module& m) {
  for (Region& r : m.regions) {
    std::erase_if(r.nodes, [&](NodeId n) { return m.node(n).erased; });
  }
}

void recompute_depths(Module& m) {
  for (const Function& f : m.functions) {
    std::vector<RegionId> pending{f.body};
    m.region(f.body).depth = 0;
    while (!pending.empty()) {
      RegionId r = pending.back();
      pending.pop_back();
      for (NodeId n : m.region(r).nodes) {
        m.node(n).region = r;
        for (RegionId inner : m.node(n).regions) {
          m.region(inner).depth = m.region(r).depth + 1;
          m.region(inner).owner = n;
          pending.push_back(inner);
        }
      }
    }
  }
}

}  // namespace plumb::ir
