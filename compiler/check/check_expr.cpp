// Expression checking: infers each expression's type and effect, resolves names, and reports
// operators, field accesses and iterations that can never work. An operand already in error
// (type `error`) silences the checks that depend on it.
#include "base/value/builtins.hpp"
#include "base/value/ops.hpp"
#include "compiler/check/checker.hpp"
#include "compiler/check/suggest.hpp"

namespace plumb::check {

namespace {

Purity strongest(Purity a, Purity b) {
  return a > b ? a : b;
}

}  // namespace

Type PipelineChecker::expr(ast::Expr& e) {
  e.effect = Purity::Pure;
  e.type = expr_kind(e);
  return e.type;
}

Type PipelineChecker::expr_kind(ast::Expr& e) {
  using ast::ExprKind;
  auto sub = [&](ast::Expr& child) {
    Type t = expr(child);
    e.effect = strongest(e.effect, child.effect);
    return t;
  };
  switch (e.kind) {
    case ExprKind::Int:
      return Type::integer();
    case ExprKind::Float:
      return Type::number();
    case ExprKind::Bool:
      return Type::boolean();
    case ExprKind::Null:
      return Type::null();
    case ExprKind::Invalid:
      return Type::error();
    case ExprKind::Str:
      for (ast::StrPart& part : e.as<ast::StrLit>().parts) {
        if (part.expr) sub(*part.expr);
      }
      return Type::string();
    case ExprKind::List: {
      std::optional<Type> element;
      for (auto& item : e.as<ast::ListLit>().items) {
        Type t = sub(*item);
        element = element ? join(*element, t) : t;
      }
      return Type::list(element.value_or(Type::any()));
    }
    case ExprKind::Record: {
      std::vector<RecordField> fields;
      for (ast::RecordEntry& entry : e.as<ast::RecordLit>().entries) {
        fields.push_back({entry.key, sub(*entry.value)});
      }
      return Type::record(fields);
    }
    case ExprKind::Name:
      return name(e.as<ast::NameExpr>());
    case ExprKind::Field:
      return field(e.as<ast::FieldExpr>());
    case ExprKind::Index: {
      auto& index = e.as<ast::IndexExpr>();
      Type object = sub(*index.object);
      Type at = sub(*index.index);
      Type result = ops::index_type(object, at);
      if (result.is_error() && !object.is_error() && !at.is_error()) {
        report(diag::Kind::TypeMismatch, index.index->loc,
               "cannot index " + diag::code(object.to_string()) + " with " +
                   diag::code(at.to_string()));
      }
      return result;
    }
    case ExprKind::Call:
      return call(e.as<ast::CallExpr>());
    case ExprKind::Unary:
      return unary(e.as<ast::UnaryExpr>());
    case ExprKind::Binary:
      return binary(e.as<ast::BinaryExpr>());
    case ExprKind::Ternary: {
      auto& t = e.as<ast::TernaryExpr>();
      sub(*t.cond);
      require_bool(*t.cond, "the condition of `? :`");
      return join(sub(*t.then_value), sub(*t.else_value));
    }
    case ExprKind::Map:
    case ExprKind::Filter:
      return iteration(e.as<ast::IterExpr>());
  }
  return Type::error();
}

Type PipelineChecker::name(ast::NameExpr& e) {
  if (ast::Binding* binding = lookup(e.name)) {
    e.binding = binding;
    binding->uses += 1;
    note_reference(e.loc, *binding, false);
    return binding->type;
  }
  if (!reported_undefined_.insert(e.name).second) return Type::error();
  for (std::size_t i = scopes_.size(); i-- > 0;) {
    auto partial = scopes_[i].partial.find(e.name);
    if (partial != scopes_[i].partial.end()) {
      // The arms' bindings were meant for this use: no unused warning for them as well.
      for (ast::Binding* b : scopes_[i].arm_only) {
        if (b->name == e.name) b->uses += 1;
      }
      auto& d = report(
          diag::Kind::PartiallyBound, e.loc,
          diag::code(e.name) + " is bound in only some arms of an `if`, so it may not exist here");
      d.notes.push_back({partial->second,
                         "bind it in every arm, including an `else`, to use it "
                         "after the `if`"});
      return Type::error();
    }
  }
  if (builtins::find(e.name) >= 0 || checker_.find_pipeline(*pipeline_.file, e.name)) {
    report(diag::Kind::UndefinedName, e.loc,
           diag::code(e.name) + " is a function; call it as " + diag::code(e.name + "(...)"));
    return Type::error();
  }
  std::vector<std::string> candidates;
  for (const Scope& scope : scopes_) {
    for (const auto& [n, b] : scope.names)
      candidates.push_back(n);
  }
  auto best = closest(e.name, candidates);
  // The suggested name was probably meant here: count it as used (no unused warning too).
  if (best) lookup(*best)->uses += 1;
  report(diag::Kind::UndefinedName, e.loc,
         "undefined name " + diag::code(e.name) +
             (best ? "; did you mean " + diag::code(*best) + "?" : ""));
  return Type::error();
}

Type PipelineChecker::field(ast::FieldExpr& e) {
  Type object = expr(*e.object);
  e.effect = e.object->effect;
  Type result = ops::field_type(object, e.field);
  if (!result.is_error() || object.is_error()) return result;
  Type record = non_null(object);
  if (record.is_closed_record()) {
    std::vector<std::string> names;
    std::string listed;
    for (const RecordField& f : record.fields()) {
      names.push_back(f.name);
      listed += (listed.empty() ? "" : ", ") + diag::code(f.name);
    }
    auto best = closest(e.field, names);
    report(diag::Kind::UnknownField, e.field_loc,
           "record has no field " + diag::code(e.field) +
               (best ? "; did you mean " + diag::code(*best) + "?"
                     : "; its fields are " + (listed.empty() ? std::string("none") : listed)));
  } else {
    report(diag::Kind::TypeMismatch, e.field_loc,
           "cannot read field " + diag::code(e.field) + " of " + diag::code(object.to_string()));
  }
  return Type::error();
}

Type PipelineChecker::unary(ast::UnaryExpr& e) {
  Type operand = expr(*e.operand);
  e.effect = e.operand->effect;
  if (e.op == ops::Unary::Not) {
    require_bool(*e.operand, "the operand of `not`");
    return Type::boolean();
  }
  Type result = ops::unary_type(ops::Unary::Neg, operand);
  if (result.is_error() && !operand.is_error()) {
    report(diag::Kind::TypeMismatch, e.loc,
           "cannot negate " + diag::code(operand.to_string()) + "; `-` needs a number");
  }
  return result;
}

Type PipelineChecker::binary(ast::BinaryExpr& e) {
  Type lhs = expr(*e.lhs);
  Type rhs = expr(*e.rhs);
  e.effect = strongest(e.lhs->effect, e.rhs->effect);
  if (e.op == ops::Binary::And || e.op == ops::Binary::Or) {
    std::string what = "the operands of `" + std::string(ops::spelling(e.op)) + "`";
    require_bool(*e.lhs, what);
    require_bool(*e.rhs, what);
    return Type::boolean();
  }
  Type result = ops::binary_type(e.op, lhs, rhs);
  if (result.is_error() && !lhs.is_error() && !rhs.is_error()) {
    report(diag::Kind::TypeMismatch, e.op_loc,
           "cannot apply `" + std::string(ops::spelling(e.op)) + "` to " +
               diag::code(lhs.to_string()) + " and " + diag::code(rhs.to_string()));
  }
  return result;
}

Type PipelineChecker::element_type(const ast::Expr& source, const char* construct) {
  Type type = source.type;
  if (type.is_error()) return Type::error();
  if (!may_flow_to(type, Type::list(Type::any()))) {
    report(diag::Kind::TypeMismatch, source.loc,
           std::string("`") + construct + "` needs a list, not " + diag::code(type.to_string()));
    return Type::error();
  }
  Type list = non_null(type);
  return list.is(TypeKind::List) ? list.element() : Type::any();
}

Type PipelineChecker::iteration(ast::IterExpr& e) {
  bool is_map = e.kind == ast::ExprKind::Map;
  const bool result_used = unused_value_ != &e;
  const char* construct = is_map ? "map" : "filter";
  expr(*e.source);
  Type element = element_type(*e.source, construct);
  e.effect = e.source->effect;
  for (ast::Arg& option : e.options) {
    Type t = expr(*option.value);
    e.effect = strongest(e.effect, option.value->effect);
    if (option.keyword != "concurrency") {
      report(diag::Kind::UnknownOption, option.loc,
             std::string("`") + construct + "` has no option " + diag::code(option.keyword) +
                 "; its only option is `concurrency`");
    } else if (!may_flow_to(t, Type::integer())) {
      report(diag::Kind::TypeMismatch, option.value->loc,
             "`concurrency` must be an `int`, not " + diag::code(t.to_string()));
    }
  }
  Scope& body = push(is_map ? BodyKind::Map : BodyKind::Filter);
  body.map = &e;
  if (ast::Binding* existing = lookup(e.var)) {
    auto& d = report(diag::Kind::Rebinding, e.var_loc,
                     diag::code(e.var) + " is already bound; choose another name for the item");
    d.notes.push_back({existing->loc, "first bound here"});
  }
  e.item = bind(e.var, e.var_loc, ast::BindingKind::MapItem, element, true, nullptr);
  Type result;
  bool body_ok = true;  // a filter body without a final condition: its bindings were meant as one
  if (is_map) {
    block(e.body, false);
    map_yields(e, result_used, scopes_.back().effect);
    result = Type::list(scopes_.back().yield_type.value_or(Type::any()));
  } else {
    e.predicate = nullptr;
    auto& stmts = e.body.stmts;
    for (std::size_t i = 0; i + 1 < stmts.size(); ++i) {
      statement(*stmts[i], false);
    }
    note_scope(e.body);
    if (stmts.empty() || stmts.back()->kind != ast::StmtKind::Expr) {
      body_ok = false;
      report(diag::Kind::InvalidFilterBody, stmts.empty() ? e.body.loc : stmts.back()->loc,
             "the body of `filter` must end with a condition (a `bool` expression)");
      if (!stmts.empty()) statement(*stmts.back(), false);
    } else {
      ast::Expr& predicate = *stmts.back()->as<ast::ExprStmt>().expr;
      expr(predicate);
      note_effect(predicate.effect);
      require_bool(predicate, "the condition of `filter`");
      e.predicate = &predicate;
    }
    result = Type::list(element);
  }
  Scope scope = pop(body_ok);
  e.effect = strongest(e.effect, scope.effect);
  return element.is_error() ? Type::error() : result;
}

}  // namespace plumb::check
