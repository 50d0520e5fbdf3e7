// Constant folding over each node's expression trees, rewriting them in place.
#include "compiler/passes/constant_folding.hpp"

#include <optional>
#include <plumb/error.hpp>
#include <unordered_map>

#include "base/value/builtins.hpp"
#include "base/value/ops.hpp"
#include "compiler/ir/analysis.hpp"

namespace plumb::passes {

namespace {

using namespace plumb::ir;

constexpr std::size_t kMaxFoldedBytes = 64 * 1024;
constexpr std::int64_t kMaxFoldedRange = 1024;

// A rough size of a value, to keep huge constants out of the IR.
std::size_t approximate_bytes(const Value& v, std::size_t budget) {
  std::size_t size = sizeof(Value);
  if (v.is_str()) size += v.as_str().size();
  if (v.is_list()) {
    for (const Value& item : v.as_list()) {
      size += approximate_bytes(item, budget);
      if (size > budget) return size;
    }
  }
  if (v.is_record()) {
    for (const Value& item : v.field_values()) {
      size += approximate_bytes(item, budget) + 16;
      if (size > budget) return size;
    }
  }
  return size;
}

class Folder {
 public:
  explicit Folder(Module& module) : m_(module) {}

  bool run() {
    for_each_node(m_, [&](NodeId id) { node(id); });
    return changed_;
  }

 private:
  void node(NodeId id) {
    Node& n = m_.node(id);
    if (n.kind == NodeKind::Const) {
      constant_of_[n.results[0].index] = m_.expr(n.args[0]).aux;
      return;
    }
    if (n.kind == NodeKind::Param) return;
    for (std::size_t i = 0; i < m_.node(id).args.size(); ++i)
      fold(id, m_.node(id).args[i]);
    Node& folded = m_.node(id);
    if (folded.kind == NodeKind::Expr && folded.effect == Purity::Pure &&
        m_.expr(folded.args[0]).op == ExprOp::Const) {
      folded.kind = NodeKind::Const;
      constant_of_[folded.results[0].index] = m_.expr(folded.args[0]).aux;
      changed_ = true;
    }
    prune_inputs(m_, id);
  }

  std::optional<Value> constant(ExprId id) const {
    const ExprNode& e = m_.expr(id);
    if (e.op != ExprOp::Const || m_.constants[e.aux].is_absent()) return std::nullopt;
    return m_.constants[e.aux];
  }

  void become_constant(ExprId id, Value value) {
    ExprNode& e = m_.expr(id);
    e.op = ExprOp::Const;
    e.aux = m_.add_constant(std::move(value));
    e.arg_count = 0;
    changed_ = true;
  }

  // Replaces expression `id` by a copy of its child `child` (the taken side of `? :`).
  void become(ExprId id, ExprId child) {
    m_.expr(id) = m_.expr(child);
    changed_ = true;
  }

  std::optional<Value> evaluate(const ExprNode& e, const std::vector<Value>& args) {
    switch (e.op) {
      case ExprOp::Unary:
        return ops::unary(static_cast<ops::Unary>(e.sub), args[0]);
      case ExprOp::Binary:
        return ops::binary(static_cast<ops::Binary>(e.sub), args[0], args[1]);
      case ExprOp::Field:
        return ops::field(args[0], m_.string(e.aux));
      case ExprOp::Index:
        return ops::index(args[0], args[1]);
      case ExprOp::List:
        return Value::list(std::span<const Value>(args));
      case ExprOp::Record:
        return Value::record(m_.shapes[e.aux], std::span<const Value>(args));
      case ExprOp::Concat: {
        std::string text;
        for (const Value& part : args)
          text += ops::to_text(part);
        return Value::string(text);
      }
      case ExprOp::Builtin: {
        const builtins::Builtin& b = builtins::get(static_cast<int>(e.aux));
        if (!b.deterministic) return std::nullopt;
        if (b.name == "range") {
          std::int64_t count = 0;
          for (const Value& a : args) {
            if (!a.is_int()) return std::nullopt;
            count = std::max(count, std::abs(a.as_int()));
          }
          if (count > kMaxFoldedRange) return std::nullopt;
        }
        return b.call(args);
      }
      default:
        return std::nullopt;
    }
  }

  void fold(NodeId node_id, ExprId id) {
    ExprNode e = m_.expr(id);
    if (e.op == ExprOp::Const) return;
    if (e.op == ExprOp::Input) {
      auto it = constant_of_.find(m_.node(node_id).inputs[e.aux].index);
      if (it != constant_of_.end() && !m_.constants[it->second].is_absent()) {
        ExprNode& target = m_.expr(id);
        target.op = ExprOp::Const;
        target.aux = it->second;
        changed_ = true;
      }
      return;
    }
    for (std::uint32_t i = 0; i < e.arg_count; ++i)
      fold(node_id, m_.expr_arg(e, i));
    auto arg = [&](std::uint32_t i) { return m_.expr_arg(e, i); };
    if (e.op == ExprOp::Ternary) {
      if (auto cond = constant(arg(0)); cond && cond->is_bool()) {
        become(id, arg(cond->as_bool() ? 1 : 2));
      }
      return;
    }
    if (e.op == ExprOp::And || e.op == ExprOp::Or) {
      auto lhs = constant(arg(0));
      if (!lhs || !lhs->is_bool()) return;
      bool decides = (e.op == ExprOp::And) != lhs->as_bool();  // false and _, true or _
      if (decides) {
        become_constant(id, *lhs);
      } else if (m_.expr(arg(1)).type.is(TypeKind::Bool)) {
        become(id, arg(1));
      }
      return;
    }
    std::vector<Value> values;
    for (std::uint32_t i = 0; i < e.arg_count; ++i) {
      auto value = constant(arg(i));
      if (!value) return;
      values.push_back(std::move(*value));
    }
    try {
      auto result = evaluate(e, values);
      if (result && approximate_bytes(*result, kMaxFoldedBytes) <= kMaxFoldedBytes) {
        become_constant(id, std::move(*result));
      }
    } catch (const ValueError&) {
      // Left for the run time, which reports it with the node and its location.
    }
  }

  Module& m_;
  std::unordered_map<std::uint32_t, std::uint32_t> constant_of_;  // value -> constant index
  bool changed_ = false;
};

}  // namespace

bool fold_constants(ir::Module& module) {
  return Folder(module).run();
}

}  // namespace plumb::passes
