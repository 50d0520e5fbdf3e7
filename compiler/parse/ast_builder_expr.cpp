// Expressions of the parse tree → AST conversion: literals, postfix chains (field, index,
// call), prefix operators, left-associative binary levels, comparisons, `? :`, map/filter.
#include <algorithm>
#include <unordered_map>

#include "compiler/parse/ast_builder.hpp"
#include "compiler/parse/literals.hpp"
#include "compiler/parse/node_kind.hpp"

namespace plumb::parse {

using namespace plumb::ast;

ExprPtr AstBuilder::expr(const ParseNode& node) {
  Loc where = loc(node);
  switch (kind_of(node)) {
    case NodeKind::identifier:
      return std::make_unique<NameExpr>(where, node.string());
    case NodeKind::max_function:
      where.length = 3;
      return std::make_unique<NameExpr>(where, "max");
    case NodeKind::int_lit:
    case NodeKind::float_lit:
    case NodeKind::duration_lit:
    case NodeKind::bad_number:
      return number(node, false);
    case NodeKind::string_lit:
      return string_literal(node);
    case NodeKind::literal_true:
      return std::make_unique<BoolLit>(where, true);
    case NodeKind::literal_false:
      return std::make_unique<BoolLit>(where, false);
    case NodeKind::literal_null:
      return std::make_unique<NullLit>(where);
    case NodeKind::list_lit:
      return list_literal(node);
    case NodeKind::record_lit:
      return record_literal(node);
    case NodeKind::map_expr:
      return iteration(node, ExprKind::Map);
    case NodeKind::filter_expr:
      return iteration(node, ExprKind::Filter);
    case NodeKind::postfix:
      return postfix(node);
    case NodeKind::unary:
      return prefix(node, ops::Unary::Neg);
    case NodeKind::logic_not:
      return prefix(node, ops::Unary::Not);
    case NodeKind::multiplicative:
    case NodeKind::additive:
    case NodeKind::logic_and:
    case NodeKind::logic_or:
      return binary_chain(node);
    case NodeKind::comparison:
      return comparison(node);
    case NodeKind::ternary:
      return ternary(node);
    default:
      return invalid(where);
  }
}

ExprPtr AstBuilder::list_literal(const ParseNode& node) {
  auto list = std::make_unique<ListLit>(loc(node));
  std::uint32_t height = 0;
  for (const auto& item : node.children) {
    list->items.push_back(expr(*item));
    height = std::max(height, list->items.back()->height);
  }
  return finish(std::move(list), {height});
}

ExprPtr AstBuilder::record_literal(const ParseNode& node) {
  auto record = std::make_unique<RecordLit>(loc(node));
  std::uint32_t height = 0;
  for (const auto& entry : node.children) {
    const ParseNode& key_node = *entry->children.at(0);
    Loc key_loc = loc(key_node);
    auto key = key_node.children.empty() ? std::optional<std::string>(key_node.string())
                                         : plain_string(*key_node.children[0], "a record key");
    auto value = expr(*entry->children.at(1));
    height = std::max(height, value->height);
    if (!key) continue;
    auto first = std::find_if(record->entries.begin(), record->entries.end(),
                              [&](const RecordEntry& e) { return e.key == *key; });
    if (first != record->entries.end()) {
      auto& d = diags_.report(diag::Kind::DuplicateKey, key_loc,
                              "key " + diag::code(*key) + " appears twice in the record");
      d.notes.push_back({first->key_loc, "first written here"});
      continue;
    }
    record->entries.push_back(RecordEntry{std::move(*key), key_loc, std::move(value)});
  }
  return finish(std::move(record), {height});
}

ExprPtr AstBuilder::number(const ParseNode& node, bool negated) {
  Loc where = loc(node);
  std::string_view text = node.string_view();
  switch (kind_of(node)) {
    case NodeKind::int_lit: {
      auto value = decode_integer(text, negated);
      if (!value) {
        std::string shown = (negated ? "-" : "") + std::string(text);
        report(diag::Kind::InvalidNumber, where,
               "integer literal " + diag::code(shown) + " does not fit in 64 bits");
        return invalid(where);
      }
      return std::make_unique<IntLit>(where, *value);
    }
    case NodeKind::float_lit:
    case NodeKind::duration_lit: {
      bool duration = kind_of(node) == NodeKind::duration_lit;
      auto value = duration ? decode_duration(text) : decode_float(text);
      if (!value) {
        report(diag::Kind::InvalidNumber, where,
               "number literal " + diag::code(text) + " is out of range");
        return invalid(where);
      }
      return std::make_unique<FloatLit>(where, negated ? -*value : *value, duration);
    }
    default:
      report(diag::Kind::InvalidNumber, where,
             "invalid number literal " + diag::code(text) +
                 " (durations are written `250ms`, `5s`, `2m` or `1h`)");
      return invalid(where);
  }
}

ExprPtr AstBuilder::string_literal(const ParseNode& node) {
  auto literal = std::make_unique<StrLit>(loc(node));
  std::uint32_t height = 0;
  auto append_text = [&](std::string_view text) {
    if (literal->parts.empty() || literal->parts.back().expr) literal->parts.push_back({});
    literal->parts.back().text += text;
  };
  for (const auto& part : node.children) {
    switch (kind_of(*part)) {
      case NodeKind::string_text:
        append_text(part->string_view());
        break;
      case NodeKind::escape: {
        auto decoded = decode_escape(part->string_view());
        if (!decoded) {
          report(diag::Kind::InvalidEscape, loc(*part),
                 "escape " + diag::code(part->string_view()) + " is not a Unicode scalar value");
          return invalid(literal->loc);
        }
        append_text(*decoded);
        break;
      }
      default: {  // interpolation
        auto value = expr(*part->children.at(0));
        height = std::max(height, value->height);
        literal->parts.push_back(StrPart{std::string(), std::move(value)});
      }
    }
  }
  return finish(std::move(literal), {height});
}

std::optional<std::string> AstBuilder::plain_string(const ParseNode& node, const char* what) {
  auto literal = string_literal(node);
  if (literal->kind != ExprKind::Str) return std::nullopt;
  const auto& text = literal->as<StrLit>();
  if (!text.is_plain() && !text.is_empty()) {
    report(diag::Kind::Syntax, literal->loc,
           std::string(what) + " cannot contain `${...}` interpolation");
    return std::nullopt;
  }
  return text.plain_text();
}

std::vector<Arg> AstBuilder::arguments(const ParseNode& call_args) {
  std::vector<Arg> args;
  for (const auto& child : call_args.children)
    args.push_back(argument(*child));
  return args;
}

Arg AstBuilder::argument(const ParseNode& node) {
  if (kind_of(node) == NodeKind::keyword_arg) {
    const ParseNode& name = *node.children.at(0);
    return Arg{name.string(), loc(name), expr(*node.children.at(1))};
  }
  auto value = expr(node);
  Loc where = value->loc;
  return Arg{std::string(), where, std::move(value)};
}

std::uint32_t height_of(const std::vector<Arg>& args) {
  std::uint32_t height = 0;
  for (const Arg& a : args)
    height = std::max(height, a.value->height);
  return height;
}

ExprPtr AstBuilder::postfix(const ParseNode& node) {
  ExprPtr result = expr(*node.children.at(0));
  for (std::size_t i = 1; i < node.children.size(); ++i) {
    const ParseNode& op = *node.children[i];
    Loc full = span(result->loc, loc(op));
    std::uint32_t base = result->height;
    if (kind_of(op) == NodeKind::field_access) {
      const ParseNode& field = *op.children.at(0);
      result = finish(
          std::make_unique<FieldExpr>(full, std::move(result), field.string(), loc(field)), {base});
    } else if (kind_of(op) == NodeKind::index_access) {
      auto index = expr(*op.children.at(0));
      std::uint32_t h = index->height;
      result =
          finish(std::make_unique<IndexExpr>(full, std::move(result), std::move(index)), {base, h});
    } else {
      result = call(std::move(result), op, full);
    }
  }
  return result;
}

ExprPtr AstBuilder::call(ExprPtr callee, const ParseNode& args, Loc full) {
  // Only a name or a dotted name (a stage such as `io.read_text`) can be called.
  std::string name;
  const Expr* part = callee.get();
  while (part->kind == ExprKind::Field) {
    name = "." + part->as<FieldExpr>().field + name;
    part = part->as<FieldExpr>().object.get();
  }
  if (part->kind != ExprKind::Name) {
    if (part->kind != ExprKind::Invalid) {
      report(diag::Kind::NotCallable, callee->loc,
             "only stages, pipelines and built-in functions can be called");
    }
    return invalid(full);
  }
  name = part->as<NameExpr>().name + name;
  auto result = std::make_unique<CallExpr>(full, std::move(name), callee->loc);
  result->args = arguments(args);
  std::uint32_t h1 = callee->height, h2 = height_of(result->args);
  return finish(std::move(result), {h1, h2});
}

ExprPtr AstBuilder::prefix(const ParseNode& node, ops::Unary op) {
  const ParseNode& operand_node = *node.children.at(1);
  NodeKind operand_kind = kind_of(operand_node);
  // `-` directly before a number literal is part of it, so that the most negative 64-bit
  // integer can be written.
  if (op == ops::Unary::Neg &&
      (operand_kind == NodeKind::int_lit || operand_kind == NodeKind::float_lit ||
       operand_kind == NodeKind::duration_lit)) {
    auto literal = number(operand_node, true);
    literal->loc = span(loc(node), literal->loc);
    return literal;
  }
  auto operand = expr(operand_node);
  Loc full = span(keyword_loc(node, 1), operand->loc);
  std::uint32_t h = operand->height;
  return finish(std::make_unique<UnaryExpr>(full, op, std::move(operand)), {h});
}

namespace {

ops::Binary binary_op(std::string_view spelling) {
  static const std::unordered_map<std::string_view, ops::Binary> ops = {
      {"or", ops::Binary::Or},     {"and", ops::Binary::And}, {"==", ops::Binary::Eq},
      {"!=", ops::Binary::Ne},     {"<", ops::Binary::Lt},    {"<=", ops::Binary::Le},
      {">", ops::Binary::Gt},      {">=", ops::Binary::Ge},   {"+", ops::Binary::Add},
      {"-", ops::Binary::Sub},     {"*", ops::Binary::Mul},   {"/", ops::Binary::Div},
      {"//", ops::Binary::IntDiv}, {"%", ops::Binary::Mod}};
  return ops.at(spelling);
}

// The operator of an operator node, without the whitespace that follows it.
std::string_view operator_text(const ParseNode& op) {
  std::string_view text = op.string_view();
  std::size_t end = text.find_first_of(" \t\r\n#");
  return end == std::string_view::npos ? text : text.substr(0, end);
}

}  // namespace

ExprPtr AstBuilder::binary_chain(const ParseNode& node) {
  ExprPtr result = expr(*node.children.at(0));
  for (std::size_t i = 1; i + 1 < node.children.size(); i += 2) {
    const ParseNode& op = *node.children[i];
    std::string_view spelling = operator_text(op);
    Loc op_loc = loc(op);
    op_loc.length = static_cast<std::uint32_t>(spelling.size());
    auto rhs = expr(*node.children[i + 1]);
    Loc full = span(result->loc, rhs->loc);
    std::uint32_t h1 = result->height, h2 = rhs->height;
    result = finish(std::make_unique<BinaryExpr>(full, binary_op(spelling), op_loc,
                                                 std::move(result), std::move(rhs)),
                    {h1, h2});
  }
  return result;
}

ExprPtr AstBuilder::comparison(const ParseNode& node) {
  if (node.children.size() > 3) {
    const ParseNode& second = *node.children[3];
    Loc where = loc(second);
    where.length = static_cast<std::uint32_t>(operator_text(second).size());
    report(diag::Kind::ChainedComparison, where,
           "comparisons cannot be chained; write `a < b and b < c`");
    return invalid(loc(node));
  }
  return binary_chain(node);
}

ExprPtr AstBuilder::ternary(const ParseNode& node) {
  auto cond = expr(*node.children.at(0));
  auto then_value = expr(*node.children.at(1));
  auto else_value = expr(*node.children.at(2));
  Loc full = span(cond->loc, else_value->loc);
  std::uint32_t h1 = cond->height, h2 = then_value->height, h3 = else_value->height;
  return finish(std::make_unique<TernaryExpr>(full, std::move(cond), std::move(then_value),
                                              std::move(else_value)),
                {h1, h2, h3});
}

ExprPtr AstBuilder::iteration(const ParseNode& node, ExprKind kind) {
  auto iter = std::make_unique<IterExpr>(kind, keyword_loc(node, kind == ExprKind::Map ? 3 : 6));
  const auto& kids = node.children;
  iter->var = kids.at(0)->string();
  iter->var_loc = loc(*kids[0]);
  iter->source = expr(*kids.at(1));
  for (std::size_t i = 2; i + 1 < kids.size(); ++i)
    iter->options.push_back(argument(*kids[i]));
  iter->body = block(*kids.back());
  std::uint32_t h1 = iter->source->height, h2 = height_of(iter->options), h3 = iter->body.height;
  return finish(std::move(iter), {h1, h2, h3});
}

}  // namespace plumb::parse
