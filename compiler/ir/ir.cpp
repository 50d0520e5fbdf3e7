// Module arena helpers: string interning, constants, shapes, expressions and values.
#include "compiler/ir/ir.hpp"

namespace plumb::ir {

std::string_view kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::Param:
      return "param";
    case NodeKind::Const:
      return "const";
    case NodeKind::Expr:
      return "expr";
    case NodeKind::Stage:
      return "stage";
    case NodeKind::Call:
      return "call";
    case NodeKind::Map:
      return "map";
    case NodeKind::Filter:
      return "filter";
    case NodeKind::Branch:
      return "if";
    case NodeKind::For:
      return "for";
    case NodeKind::While:
      return "while";
    case NodeKind::Return:
      return "return";
  }
  return "?";
}

bool has_regions(NodeKind kind) {
  switch (kind) {
    case NodeKind::Map:
    case NodeKind::Filter:
    case NodeKind::Branch:
    case NodeKind::For:
    case NodeKind::While:
      return true;
    default:
      return false;
  }
}

std::string_view region_label(NodeKind kind, std::size_t index) {
  switch (kind) {
    case NodeKind::Map:
    case NodeKind::Filter:
      return "item";
    case NodeKind::Branch:
      return index == 0 ? "then" : "else";
    case NodeKind::While:
      return index == 0 ? "cond" : "body";
    default:
      return "body";
  }
}

std::uint32_t Module::intern(std::string_view text) {
  auto [it, inserted] =
      intern_index_.try_emplace(std::string(text), static_cast<std::uint32_t>(strings.size()));
  if (inserted) strings.emplace_back(text);
  return it->second;
}

std::uint32_t Module::add_constant(Value value) {
  constants.push_back(std::move(value));
  return static_cast<std::uint32_t>(constants.size() - 1);
}

std::uint32_t Module::add_shape(Shape shape) {
  shapes.push_back(std::move(shape));
  return static_cast<std::uint32_t>(shapes.size() - 1);
}

ExprId Module::add_expr(ExprNode node, const std::vector<ExprId>& args) {
  node.first_arg = static_cast<std::uint32_t>(expr_args.size());
  node.arg_count = static_cast<std::uint32_t>(args.size());
  expr_args.insert(expr_args.end(), args.begin(), args.end());
  exprs.push_back(node);
  return ExprId{static_cast<std::uint32_t>(exprs.size() - 1)};
}

ValueId Module::add_value(NodeId def, RegionId region, std::uint32_t index, Type type,
                          std::uint32_t name) {
  values.push_back(ValueInfo{def, region, index, type, name});
  return ValueId{static_cast<std::uint32_t>(values.size() - 1)};
}

}  // namespace plumb::ir
