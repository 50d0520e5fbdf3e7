// Lowering of expressions into a node's expression trees. Operators, literals, names and
// built-in functions stay in the tree; stage calls, pipeline calls, `map` and `filter` become
// nodes of their own (in evaluation order) that the tree reads as inputs. A `? :`, `and` or
// `or` whose lazily evaluated side contains such a call becomes a branch node, so the call
// only runs when the language says it does.
#include "base/value/builtins.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/lowerer.hpp"

namespace plumb::lower {

bool Lowerer::makes_node(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Map || e.kind == ast::ExprKind::Filter) return true;
  if (e.kind != ast::ExprKind::Call) return false;
  auto target = e.as<ast::CallExpr>().target;
  return target == ast::CallTargetKind::Stage || target == ast::CallTargetKind::Pipeline;
}

bool Lowerer::contains_node(const ast::Expr& e) {
  using ast::ExprKind;
  if (makes_node(e)) return true;
  switch (e.kind) {
    case ExprKind::Str:
      for (const ast::StrPart& part : e.as<ast::StrLit>().parts) {
        if (part.expr && contains_node(*part.expr)) return true;
      }
      return false;
    case ExprKind::List:
      for (const auto& item : e.as<ast::ListLit>().items) {
        if (contains_node(*item)) return true;
      }
      return false;
    case ExprKind::Record:
      for (const auto& entry : e.as<ast::RecordLit>().entries) {
        if (contains_node(*entry.value)) return true;
      }
      return false;
    case ExprKind::Field:
      return contains_node(*e.as<ast::FieldExpr>().object);
    case ExprKind::Index:
      return contains_node(*e.as<ast::IndexExpr>().object) ||
             contains_node(*e.as<ast::IndexExpr>().index);
    case ExprKind::Call:
      for (const ast::Arg& arg : e.as<ast::CallExpr>().args) {
        if (contains_node(*arg.value)) return true;
      }
      return false;
    case ExprKind::Unary:
      return contains_node(*e.as<ast::UnaryExpr>().operand);
    case ExprKind::Binary:
      return contains_node(*e.as<ast::BinaryExpr>().lhs) ||
             contains_node(*e.as<ast::BinaryExpr>().rhs);
    case ExprKind::Ternary: {
      const auto& t = e.as<ast::TernaryExpr>();
      return contains_node(*t.cond) || contains_node(*t.then_value) || contains_node(*t.else_value);
    }
    default:
      return false;
  }
}

ir::ExprId Lowerer::constant(Value value, Type type, const diag::Loc& where) {
  ir::ExprNode node{ir::ExprOp::Const, 0, m_.add_constant(std::move(value)), type, loc(where)};
  return m_.add_expr(node, {});
}

ir::ExprId Lowerer::tree(const ast::Expr& e, NodeBuilder& builder) {
  using ast::ExprKind;
  ir::ExprNode node{ir::ExprOp::Const, 0, 0, e.type, loc(e.loc)};
  std::vector<ir::ExprId> args;
  switch (e.kind) {
    case ExprKind::Int:
      return constant(Value::integer(e.as<ast::IntLit>().value), e.type, e.loc);
    case ExprKind::Float:
      return constant(Value::number(e.as<ast::FloatLit>().value), e.type, e.loc);
    case ExprKind::Bool:
      return constant(Value::boolean(e.as<ast::BoolLit>().value), e.type, e.loc);
    case ExprKind::Null:
    case ExprKind::Invalid:
      return constant(Value(), e.type, e.loc);
    case ExprKind::Str: {
      const auto& s = e.as<ast::StrLit>();
      if (s.is_plain() || s.is_empty())
        return constant(Value::string(s.plain_text()), e.type, e.loc);
      node.op = ir::ExprOp::Concat;
      for (const ast::StrPart& part : s.parts) {
        args.push_back(part.expr ? tree(*part.expr, builder)
                                 : constant(Value::string(part.text), Type::string(), e.loc));
      }
      break;
    }
    case ExprKind::List:
      node.op = ir::ExprOp::List;
      for (const auto& item : e.as<ast::ListLit>().items)
        args.push_back(tree(*item, builder));
      break;
    case ExprKind::Record: {
      node.op = ir::ExprOp::Record;
      std::vector<std::string_view> keys;
      for (const ast::RecordEntry& entry : e.as<ast::RecordLit>().entries) {
        keys.push_back(entry.key);
        args.push_back(tree(*entry.value, builder));
      }
      node.aux = m_.add_shape(Shape(std::span<const std::string_view>(keys)));
      break;
    }
    case ExprKind::Name: {
      ir::ValueId value = env_.at(e.as<ast::NameExpr>().binding);
      node.op = ir::ExprOp::Input;
      node.aux = builder.input(value);
      break;
    }
    case ExprKind::Field:
      node.op = ir::ExprOp::Field;
      node.aux = m_.intern(e.as<ast::FieldExpr>().field);
      args.push_back(tree(*e.as<ast::FieldExpr>().object, builder));
      break;
    case ExprKind::Index:
      node.op = ir::ExprOp::Index;
      args.push_back(tree(*e.as<ast::IndexExpr>().object, builder));
      args.push_back(tree(*e.as<ast::IndexExpr>().index, builder));
      break;
    case ExprKind::Call: {
      const auto& call = e.as<ast::CallExpr>();
      if (makes_node(e)) {
        node.op = ir::ExprOp::Input;
        node.aux = builder.input(node_value(e, "", {}));
        break;
      }
      node.op = ir::ExprOp::Builtin;
      node.aux = static_cast<std::uint32_t>(call.builtin);
      if (!builtins::get(call.builtin).deterministic && builder.effect < Purity::Volatile) {
        builder.effect = Purity::Volatile;
      }
      for (const ast::Arg& arg : call.args)
        args.push_back(tree(*arg.value, builder));
      break;
    }
    case ExprKind::Unary:
      node.op = ir::ExprOp::Unary;
      node.sub = static_cast<std::uint8_t>(e.as<ast::UnaryExpr>().op);
      args.push_back(tree(*e.as<ast::UnaryExpr>().operand, builder));
      break;
    case ExprKind::Binary: {
      const auto& b = e.as<ast::BinaryExpr>();
      bool lazy = b.op == ops::Binary::And || b.op == ops::Binary::Or;
      if (lazy && contains_node(*b.rhs)) {
        node.op = ir::ExprOp::Input;
        node.aux = builder.input(short_circuit_node(e));
        break;
      }
      node.op = b.op == ops::Binary::And  ? ir::ExprOp::And
                : b.op == ops::Binary::Or ? ir::ExprOp::Or
                                          : ir::ExprOp::Binary;
      node.sub = static_cast<std::uint8_t>(b.op);
      args.push_back(tree(*b.lhs, builder));
      args.push_back(tree(*b.rhs, builder));
      break;
    }
    case ExprKind::Ternary: {
      const auto& t = e.as<ast::TernaryExpr>();
      if (contains_node(*t.then_value) || contains_node(*t.else_value)) {
        node.op = ir::ExprOp::Input;
        node.aux = builder.input(short_circuit_node(e));
        break;
      }
      node.op = ir::ExprOp::Ternary;
      args.push_back(tree(*t.cond, builder));
      args.push_back(tree(*t.then_value, builder));
      args.push_back(tree(*t.else_value, builder));
      break;
    }
    case ExprKind::Map:
    case ExprKind::Filter:
      node.op = ir::ExprOp::Input;
      node.aux = builder.input(node_value(e, "", {}));
      break;
  }
  return m_.add_expr(node, args);
}

ir::ValueId Lowerer::node_value(const ast::Expr& e, std::string_view name,
                                const NodeAttributes& attributes) {
  if (e.kind == ast::ExprKind::Call) return call_node(e.as<ast::CallExpr>(), name, attributes);
  return iteration_node(e.as<ast::IterExpr>(), name, attributes);
}

ir::ValueId Lowerer::call_node(const ast::CallExpr& e, std::string_view name,
                               const NodeAttributes& attributes) {
  bool is_stage = e.target == ast::CallTargetKind::Stage;
  std::string node_name = name.empty() ? unbound_name(e.callee, e.loc) : std::string(name);
  ir::NodeId node = new_node(is_stage ? ir::NodeKind::Stage : ir::NodeKind::Call, node_name, e.loc);
  NodeBuilder builder;
  for (std::size_t i = 0; i < e.bound_args.size(); ++i) {
    if (e.bound_args[i]) {
      builder.args.push_back(tree(*e.bound_args[i], builder));
      continue;
    }
    if (is_stage) {
      const Param& param = e.stage->signature.params[i];
      builder.args.push_back(constant(*param.default_value, param.type, e.loc));
    } else {
      const ast::Param& param = e.pipeline->params[i];
      builder.args.push_back(constant(param.default_constant.value_or(Value()),
                                      param.binding ? param.binding->type : Type::any(), e.loc));
    }
  }
  std::vector<std::uint32_t> extra;
  for (const ast::Arg* arg : e.extra_kwargs) {
    builder.args.push_back(tree(*arg->value, builder));
    extra.push_back(m_.intern(arg->keyword));
  }
  ir::Node& n = m_.node(node);
  n.attributes = attributes;
  n.extra_keywords = std::move(extra);
  if (is_stage) {
    n.stage = e.stage;
    n.effect = e.stage->signature.purity;
  } else {
    n.callee = functions_.at(e.pipeline);
    n.effect = e.pipeline->effect;
  }
  ir::ValueId result = add_result(node, e.type, node_name);
  place(node, builder);
  return result;
}

ir::ValueId Lowerer::iteration_node(const ast::IterExpr& e, std::string_view name,
                                    const NodeAttributes& attributes) {
  bool is_map = e.kind == ast::ExprKind::Map;
  std::string node_name =
      name.empty() ? unbound_name(is_map ? "map" : "filter", e.loc) : std::string(name);
  ir::NodeId node = new_node(is_map ? ir::NodeKind::Map : ir::NodeKind::Filter, node_name, e.loc);
  NodeBuilder builder;
  builder.args.push_back(tree(*e.source, builder));
  builder.args.push_back(e.options.empty() ? constant(Value(), Type::null(), e.loc)
                                           : tree(*e.options.front().value, builder));
  ir::RegionId body = open_region(node);
  env_[e.item] = region_param(e.item->type, e.var);
  if (is_map) {
    yields_.push_back(ir::ValueId{});
    block(e.body);
    if (!yields_.back().valid()) {
      yields_.back() =
          constant_node(Value::absent(), Type::any(), unbound_name("absent", e.loc), e.loc);
    }
    m_.region(body).results = {yields_.back()};
    yields_.pop_back();
  } else {
    for (std::size_t i = 0; i + 1 < e.body.stmts.size(); ++i)
      statement(*e.body.stmts[i]);
    m_.region(body).results = {
        bound_value(*e.predicate, unbound_name("where", e.predicate->loc), {})};
  }
  close_region();
  m_.node(node).attributes = attributes;
  ir::ValueId result = add_result(node, e.type, node_name);
  place(node, builder);
  return result;
}

ir::ValueId Lowerer::short_circuit_node(const ast::Expr& e) {
  ir::NodeId node = new_node(ir::NodeKind::Branch, unbound_name("if", e.loc), e.loc);
  NodeBuilder builder;
  const ast::Expr* then_value = nullptr;
  const ast::Expr* else_value = nullptr;
  std::optional<bool> constant_then, constant_else;
  if (e.kind == ast::ExprKind::Ternary) {
    const auto& t = e.as<ast::TernaryExpr>();
    builder.args.push_back(tree(*t.cond, builder));
    then_value = t.then_value.get();
    else_value = t.else_value.get();
  } else {
    const auto& b = e.as<ast::BinaryExpr>();
    builder.args.push_back(tree(*b.lhs, builder));
    if (b.op == ops::Binary::And) {
      then_value = b.rhs.get();
      constant_else = false;
    } else {
      constant_then = true;
      else_value = b.rhs.get();
    }
  }
  for (int side = 0; side < 2; ++side) {
    ir::RegionId region = open_region(node);
    const ast::Expr* value = side == 0 ? then_value : else_value;
    std::optional<bool> fixed = side == 0 ? constant_then : constant_else;
    ir::ValueId result = value ? bound_value(*value, unbound_name("expr", value->loc), {})
                               : constant_node(Value::boolean(*fixed), Type::boolean(),
                                               unbound_name("const", e.loc), e.loc);
    m_.region(region).results = {result};
    close_region();
  }
  ir::ValueId merged = add_result(node, e.type, unbound_name("if", e.loc));
  place(node, builder);
  return merged;
}

}  // namespace plumb::lower
