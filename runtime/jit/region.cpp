// A straight-line region (a map or filter body of pure expressions) as one function: the
// nodes are lowered in order and each node's value is handed to the nodes that read it as a
// lowered value, so scalars stay in registers from node to node, and a record literal that
// is only read by `.name` within the region is never built (its fields are used directly).
// The region's one result is written to `out`; a bail-out anywhere makes the executor run
// the item node by node, so errors are still the interpreter's.
#include "runtime/jit/emitter.hpp"

namespace plumb::jit {

namespace {

using ir::ExprOp;

bool same(exec::SlotRef a, exec::SlotRef b) {
  return a.up == b.up && a.slot == b.slot;
}

// Whether every read of input `k` in the tree at `id` is `k.name` with a name of `shape`.
bool only_field_reads(const ir::Module& m, ir::ExprId id, std::uint32_t k, const Shape& shape) {
  const ir::ExprNode& e = m.expr(id);
  if (e.op == ExprOp::Input) return e.aux != k;
  if (e.op == ExprOp::Field) {
    const ir::ExprNode& object = m.expr(m.expr_arg(e, 0));
    if (object.op == ExprOp::Input && object.aux == k) {
      return shape.index_of(m.string(e.aux)).has_value();
    }
  }
  for (std::uint32_t i = 0; i < e.arg_count; ++i) {
    if (!only_field_reads(m, m.expr_arg(e, i), k, shape)) return false;
  }
  return true;
}

// Whether the record literal computed by node `at` of `region` can be kept as its fields:
// it is not the region's result and every node that reads it only reads its fields.
bool fields_suffice(const ir::Module& m, const exec::RegionPlan& region, std::size_t at) {
  const ir::Node& node = m.nodes[region.nodes[at].id];
  const ir::ExprNode& root = m.expr(node.args[0]);
  if (root.op != ExprOp::Record) return false;
  const Shape& shape = m.shapes[root.aux];
  if (shape.size() != root.arg_count) return false;
  const exec::SlotRef produced{0, region.nodes[at].results[0]};
  for (exec::SlotRef result : region.results) {
    if (same(result, produced)) return false;
  }
  for (std::size_t later = at + 1; later < region.nodes.size(); ++later) {
    const exec::NodePlan& reader = region.nodes[later];
    const ir::Node& reader_node = m.nodes[reader.id];
    for (std::uint32_t k = 0; k < reader.inputs.size(); ++k) {
      if (!same(reader.inputs[k], produced)) continue;
      if (!only_field_reads(m, reader_node.args[0], k, shape)) return false;
    }
  }
  return true;
}

}  // namespace

Lowered Emitter::record_fields(const ir::ExprNode& e) {
  std::vector<Lowered>& fields = record_fields_.emplace_back();
  for (std::uint32_t i = 0; i < e.arg_count; ++i)
    fields.push_back(expr(ir_.expr_arg(e, i)));
  Lowered record;
  record.fields = &fields;
  record.shape = e.aux;
  return record;
}

void Emitter::emit_region(const exec::RegionPlan& region) {
  constants_ = entry_.CreateLoad(entry_.getPtrTy(), context_arg_, "constants");
  std::vector<std::pair<exec::SlotRef, Lowered>> known;
  for (std::size_t i = 0; i < region.free_inputs.size(); ++i) {
    llvm::Value* at = b_.CreateConstGEP1_64(b_.getPtrTy(), inputs_arg_, i);
    known.emplace_back(region.free_inputs[i],
                       Lowered{Rep::Boxed, b_.CreateLoad(b_.getPtrTy(), at, "free")});
  }
  auto lookup = [&](exec::SlotRef ref) {
    for (const auto& [slot, value] : known) {
      if (same(slot, ref)) return value;
    }
    return Lowered{};
  };
  for (std::size_t i = 0; i < region.nodes.size(); ++i) {
    const exec::NodePlan& node = region.nodes[i];
    std::vector<Lowered> inputs;
    for (exec::SlotRef ref : node.inputs)
      inputs.push_back(lookup(ref));
    bound_inputs_ = &inputs;
    const ir::Node& ir_node = ir_.nodes[node.id];
    Lowered value = fields_suffice(ir_, region, i) ? record_fields(ir_.expr(ir_node.args[0]))
                                                   : expr(ir_node.args[0]);
    bound_inputs_ = nullptr;
    known.emplace_back(exec::SlotRef{0, node.results[0]}, value);
  }
  write_output(out_arg_, lookup(region.results[0]));
  close(b_.GetInsertBlock());
}

}  // namespace plumb::jit
