// The shapes statements take for attributes, and the helpers attribute checkers share to read
// and validate arguments (attribute_table.hpp).
#include "compiler/check/attribute_table.hpp"
#include "compiler/check/constant.hpp"
#include "compiler/check/suggest.hpp"

namespace plumb::check {

namespace {

const ast::Expr& value_of(const ast::Stmt& stmt) {
  return stmt.kind == ast::StmtKind::Bind ? *stmt.as<ast::BindStmt>().value
                                          : *stmt.as<ast::ExprStmt>().expr;
}

}  // namespace

Shape shape_of(const ast::Stmt& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::If:
      return Shape::Branch;
    case ast::StmtKind::For:
    case ast::StmtKind::While:
      return Shape::Loop;
    case ast::StmtKind::Yield:
    case ast::StmtKind::Return:
      return Shape::None;
    default:
      break;
  }
  const ast::Expr& value = value_of(stmt);
  if (value.kind == ast::ExprKind::Map || value.kind == ast::ExprKind::Filter) {
    return Shape::Iteration;
  }
  if (value.kind == ast::ExprKind::Call) {
    auto target = value.as<ast::CallExpr>().target;
    if (target == ast::CallTargetKind::Stage) return Shape::StageCall;
    if (target == ast::CallTargetKind::Pipeline) return Shape::PipelineCall;
  }
  return Shape::Expression;
}

const ast::Expr& AttributeArgs::statement_value() const {
  return value_of(stmt_);
}

void AttributeArgs::invalid(diag::Loc loc, const std::string& message) {
  report_(diag::Kind::InvalidAttribute, loc, diag::code("@" + attr_.name) + " " + message);
}

void AttributeArgs::misplaced(const std::string& fits) {
  report_(diag::Kind::MisplacedAttribute, attr_.loc,
          diag::code("@" + attr_.name) + " applies to " + fits);
}

void AttributeArgs::unknown_argument(const ast::Arg& arg, const std::string& key,
                                     const std::vector<std::string>& known) {
  invalid(arg.loc, "has no argument " + diag::code(key) + did_you_mean(key, known));
}

std::optional<AttributeArgs::NamedArgs> AttributeArgs::named(
    const std::vector<std::string>& positional) {
  NamedArgs result;
  std::size_t next = 0;
  for (const ast::Arg& arg : attr_.args) {
    std::string key = arg.keyword;
    if (key.empty()) {
      if (next >= positional.size()) {
        invalid(arg.loc, "takes at most " + std::to_string(positional.size()) +
                             " positional argument" + (positional.size() == 1 ? "" : "s"));
        return std::nullopt;
      }
      key = positional[next++];
    }
    result.emplace_back(key, &arg);
  }
  return result;
}

std::optional<double> AttributeArgs::number(const ast::Arg& arg, double low, bool low_inclusive,
                                            double high) {
  auto value = constant_value(*arg.value);
  if (!value || !value->is_number()) {
    invalid(arg.value->loc, "needs a constant number here");
    return std::nullopt;
  }
  double x = value->as_number();
  if (x < low || (!low_inclusive && x == low) || x > high) {
    invalid(arg.value->loc, "value " + std::to_string(x) + " is out of range");
    return std::nullopt;
  }
  return x;
}

bool applies(const AttributeDef& def, Shape shape) {
  return std::find(def.applies_to.begin(), def.applies_to.end(), shape) != def.applies_to.end();
}

std::string applies_to_text(const AttributeDef& def) {
  std::vector<std::string> words;
  for (Shape shape : def.applies_to) {
    switch (shape) {
      case Shape::StageCall:
        words.push_back("stage calls");
        break;
      case Shape::PipelineCall:
        words.push_back("pipeline calls");
        break;
      case Shape::Iteration:
        words.insert(words.end(), {"`map`", "`filter`"});
        break;
      case Shape::Loop:
        words.insert(words.end(), {"`for`", "`while`"});
        break;
      case Shape::Branch:
        words.push_back("`if`");
        break;
      case Shape::Expression:
        words.push_back("other statements");
        break;
      case Shape::None:
        break;
    }
  }
  if (def.applies_to.size() == static_cast<std::size_t>(Shape::None)) {
    return "any statement but `yield` and `return`";
  }
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == words.size() ? " and " : ", ") + words[i];
  }
  return text;
}

}  // namespace plumb::check
