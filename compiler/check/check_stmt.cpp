// Statement checking: bindings and `var` updates, `if` (and which names it binds after it),
// `for`, `while`, `yield` and `return`, each in the body kinds where it may appear. Scopes and
// bindings are in check_scopes.cpp.
#include "compiler/check/checker.hpp"

namespace plumb::check {

void PipelineChecker::block(ast::Block& b, bool pipeline_body) {
  const ast::Stmt* terminator = nullptr;
  for (auto& stmt : b.stmts) {
    if (terminator) {
      report(diag::Kind::UnreachableCode, stmt->loc,
             std::string("this statement never runs: it follows `") +
                 (terminator->kind == ast::StmtKind::Yield ? "yield" : "return") + "`");
      break;
    }
    statement(*stmt, pipeline_body);
    if (stmt->kind == ast::StmtKind::Yield || stmt->kind == ast::StmtKind::Return) {
      terminator = stmt.get();
    }
  }
  note_scope(b);
}

void PipelineChecker::statement(ast::Stmt& stmt, bool pipeline_body) {
  switch (stmt.kind) {
    case ast::StmtKind::Bind:
      bind_statement(stmt.as<ast::BindStmt>());
      break;
    case ast::StmtKind::If:
      if_statement(stmt.as<ast::IfStmt>());
      break;
    case ast::StmtKind::For:
      for_statement(stmt.as<ast::ForStmt>());
      break;
    case ast::StmtKind::While:
      while_statement(stmt.as<ast::WhileStmt>());
      break;
    case ast::StmtKind::Yield:
      yield_statement(stmt.as<ast::YieldStmt>());
      break;
    case ast::StmtKind::Return:
      return_statement(stmt.as<ast::ReturnStmt>(), pipeline_body);
      break;
    case ast::StmtKind::Expr: {
      ast::Expr& value = *stmt.as<ast::ExprStmt>().expr;
      unused_value_ = &value;
      expr(value);
      note_effect(value.effect);
      break;
    }
  }
  attributes(stmt);
}

void PipelineChecker::bind_statement(ast::BindStmt& stmt) {
  if (is_silent_name(stmt.name)) unused_value_ = stmt.value.get();
  Type type = expr(*stmt.value);
  note_effect(stmt.value->effect);
  bool pure = stmt.value->effect == Purity::Pure;
  std::size_t depth = 0;
  ast::Binding* existing = lookup(stmt.name, &depth);
  if (stmt.is_var_decl || !existing) {
    if (existing) {
      auto& d = report(diag::Kind::Rebinding, stmt.name_loc,
                       diag::code(stmt.name) + " is already bound; a name is bound once");
      d.notes.push_back({existing->loc, "first bound here"});
      return;
    }
    if (stmt.is_var_decl) {
      auto known = var_types_.find(&stmt);
      if (known != var_types_.end()) type = join(type, known->second);
      var_types_[&stmt] = type;
    }
    stmt.binding =
        bind(stmt.name, stmt.name_loc,
             stmt.is_var_decl ? ast::BindingKind::Var : ast::BindingKind::Let, type, pure, &stmt);
    return;
  }
  if (existing->kind != ast::BindingKind::Var) {
    auto& d = report(diag::Kind::Rebinding, stmt.name_loc,
                     diag::code(stmt.name) +
                         " is already bound; a name is bound once (declare it with `var` to "
                         "update it in a loop or branch)");
    d.notes.push_back({existing->loc, "first bound here"});
    return;
  }
  assign_var(stmt, *existing, depth);
}

void PipelineChecker::assign_var(ast::BindStmt& stmt, ast::Binding& var, std::size_t var_depth) {
  stmt.binding = &var;
  note_reference(stmt.name_loc, var, false);
  for (std::size_t i = var_depth + 1; i < scopes_.size(); ++i) {
    BodyKind kind = scopes_[i].kind;
    if (kind == BodyKind::Map || kind == BodyKind::Filter) {
      auto& d = report(diag::Kind::VarInParallelBody, stmt.name_loc,
                       "cannot assign " + diag::code(var.name) + " inside a `" +
                           (kind == BodyKind::Map ? "map" : "filter") +
                           "` body: its items run in parallel; `yield` values instead");
      d.notes.push_back({var.loc, "declared here"});
      return;
    }
  }
  for (std::size_t i = var_depth + 1; i < scopes_.size(); ++i) {
    auto& assigned = scopes_[i].assigned_outer_vars;
    if (std::find(assigned.begin(), assigned.end(), &var) == assigned.end()) {
      assigned.push_back(&var);
    }
  }
  Type assigned = stmt.value->type;
  Type widened = join(var.type, assigned);
  if (!(widened == var.type) && var.decl) {
    var.type = widened;
    var_types_[var.decl] = widened;
    var_types_changed_ = true;
  }
  var.pure = var.pure && stmt.value->effect == Purity::Pure;
}

void PipelineChecker::require_bool(const ast::Expr& e, const std::string& what) {
  if (!may_flow_to(e.type, Type::boolean())) {
    report(diag::Kind::TypeMismatch, e.loc,
           what + " must be a `bool`, not " + diag::code(e.type.to_string()));
  }
}

void PipelineChecker::if_statement(ast::IfStmt& stmt) {
  std::vector<Scope> arms;
  for (ast::IfArm& arm : stmt.arms) {
    if (arm.cond) {
      expr(*arm.cond);
      note_effect(arm.cond->effect);
      require_bool(*arm.cond, "the condition of `if`");
    }
    push(BodyKind::Arm);
    block(arm.body, false);
    arms.push_back(pop(false));
  }
  stmt.merged.clear();
  stmt.assigned_vars.clear();
  for (const Scope& arm : arms) {
    for (ast::Binding* var : arm.assigned_outer_vars) {
      if (std::find(stmt.assigned_vars.begin(), stmt.assigned_vars.end(), var) ==
          stmt.assigned_vars.end()) {
        stmt.assigned_vars.push_back(var);
      }
    }
  }
  // Names bound in every arm of an `if` with an `else` are visible after it.
  for (ast::Binding* first : arms.front().order) {
    bool everywhere = stmt.has_else();
    Type type = first->type;
    bool pure = first->pure;
    for (std::size_t i = 1; i < arms.size() && everywhere; ++i) {
      auto it = arms[i].names.find(first->name);
      everywhere = it != arms[i].names.end();
      if (everywhere) {
        type = join(type, it->second->type);
        pure = pure && it->second->pure;
      }
    }
    if (!everywhere) continue;
    // The arms' bindings flow into the merged one, which is reported if unused.
    for (Scope& arm : arms)
      arm.names.at(first->name)->uses += 1;
    stmt.merged.push_back(
        bind(first->name, first->loc, ast::BindingKind::Let, type, pure, nullptr));
  }
  for (const Scope& arm : arms) {
    for (ast::Binding* b : arm.order) {
      if (!lookup(b->name)) {
        scopes_.back().partial.emplace(b->name, stmt.loc);
        scopes_.back().arm_only.push_back(b);
      }
    }
  }
  for (Scope& arm : arms) {
    std::erase_if(arm.order, [&](ast::Binding* b) {
      return std::find(scopes_.back().arm_only.begin(), scopes_.back().arm_only.end(), b) !=
             scopes_.back().arm_only.end();
    });
    report_unused(arm);
  }
}

void PipelineChecker::for_statement(ast::ForStmt& stmt) {
  expr(*stmt.source);
  Type element = element_type(*stmt.source, "for");
  note_effect(stmt.source->effect);
  Scope& body = push(BodyKind::For);
  (void)body;
  if (ast::Binding* existing = lookup(stmt.var)) {
    auto& d =
        report(diag::Kind::Rebinding, stmt.var_loc,
               diag::code(stmt.var) + " is already bound; choose another name for the loop item");
    d.notes.push_back({existing->loc, "first bound here"});
  }
  stmt.item = bind(stmt.var, stmt.var_loc, ast::BindingKind::LoopItem, element, true, nullptr);
  block(stmt.body, false);
  stmt.assigned_vars = pop().assigned_outer_vars;
}

void PipelineChecker::while_statement(ast::WhileStmt& stmt) {
  expr(*stmt.cond);
  note_effect(stmt.cond->effect);
  require_bool(*stmt.cond, "the condition of `while`");
  if (stmt.max) {
    Type bound = expr(*stmt.max);
    note_effect(stmt.max->effect);
    if (!may_flow_to(bound, Type::integer())) {
      report(diag::Kind::TypeMismatch, stmt.max->loc,
             "the `max` bound of `while` must be an `int`, not " + diag::code(bound.to_string()));
    }
  }
  push(BodyKind::While);
  block(stmt.body, false);
  stmt.assigned_vars = pop().assigned_outer_vars;
}

void PipelineChecker::yield_statement(ast::YieldStmt& stmt) {
  Type type = expr(*stmt.value);
  note_effect(stmt.value->effect);
  for (std::size_t i = scopes_.size(); i-- > 0;) {
    BodyKind kind = scopes_[i].kind;
    if (kind == BodyKind::Arm) continue;
    if (kind == BodyKind::Map) {
      Scope& map = scopes_[i];
      map.yield_type = map.yield_type ? join(*map.yield_type, type) : type;
      return;
    }
    if (kind == BodyKind::For || kind == BodyKind::While) {
      bool in_map = false;
      for (std::size_t k = 0; k < i; ++k)
        in_map = in_map || scopes_[k].kind == BodyKind::Map;
      if (in_map) {
        report(diag::Kind::YieldInLoop, stmt.loc,
               std::string("`yield` cannot be inside a `") +
                   (kind == BodyKind::For ? "for" : "while") +
                   "` loop: a `map` item yields at most one value");
        return;
      }
    }
    break;
  }
  report(diag::Kind::YieldOutsideMap, stmt.loc, "`yield` can only be used in the body of a `map`");
}

void PipelineChecker::return_statement(ast::ReturnStmt& stmt, bool pipeline_body) {
  Type type = Type::null();
  if (stmt.value) {
    type = expr(*stmt.value);
    note_effect(stmt.value->effect);
  }
  if (!pipeline_body) {
    report(diag::Kind::MisplacedReturn, stmt.loc,
           "`return` must be the last statement of the pipeline body, not inside a block");
    return;
  }
  return_type_ = type;
  if (pipeline_.result && !may_flow_to(type, pipeline_.result->type)) {
    report(diag::Kind::ReturnType, stmt.value ? stmt.value->loc : stmt.loc,
           "pipeline " + diag::code(pipeline_.name) + " returns " +
               diag::code(pipeline_.result->type.to_string()) + ", but this value is " +
               diag::code(type.to_string()));
  }
}

}  // namespace plumb::check
