// constant_value: a small evaluator over literal syntax only (no operators but unary `-`).
#include "compiler/check/constant.hpp"

namespace plumb::check {

std::optional<Value> constant_value(const ast::Expr& expr) {
  using ast::ExprKind;
  switch (expr.kind) {
    case ExprKind::Int:
      return Value::integer(expr.as<ast::IntLit>().value);
    case ExprKind::Float:
      return Value::number(expr.as<ast::FloatLit>().value);
    case ExprKind::Bool:
      return Value::boolean(expr.as<ast::BoolLit>().value);
    case ExprKind::Null:
      return Value();
    case ExprKind::Str: {
      const auto& s = expr.as<ast::StrLit>();
      if (!s.is_plain() && !s.is_empty()) return std::nullopt;
      return Value::string(s.plain_text());
    }
    case ExprKind::Unary: {
      const auto& u = expr.as<ast::UnaryExpr>();
      auto operand = constant_value(*u.operand);
      if (!operand || u.op != ops::Unary::Neg) return std::nullopt;
      if (operand->is_float()) return Value::number(-operand->as_float());
      if (operand->is_int() && operand->as_int() != INT64_MIN) {
        return Value::integer(-operand->as_int());
      }
      return std::nullopt;
    }
    case ExprKind::List: {
      std::vector<Value> items;
      for (const auto& item : expr.as<ast::ListLit>().items) {
        auto value = constant_value(*item);
        if (!value) return std::nullopt;
        items.push_back(std::move(*value));
      }
      return Value::list(std::move(items));
    }
    case ExprKind::Record: {
      std::vector<std::pair<std::string_view, Value>> fields;
      for (const auto& entry : expr.as<ast::RecordLit>().entries) {
        auto value = constant_value(*entry.value);
        if (!value) return std::nullopt;
        fields.emplace_back(entry.key, std::move(*value));
      }
      return Value::record(fields);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace plumb::check
