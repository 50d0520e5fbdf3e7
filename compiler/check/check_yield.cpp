// `missing-yield`: a `map` item gives only what it yields, so a value left at the end of a
// body is a mistake (`map x in xs { x * 2 }` gives `[]`). Two cases are reported
// (docs/language.md §5): a pure expression statement that ends a path through the body (the
// body's last statement, or the last one of an `if` arm there), and a map whose result is
// used but whose body has no `yield` at all and writes nothing. A map written as a statement
// of its own, or bound to a name starting with `_`, may run its body for the effects only;
// conditional yields (`if c { yield x }`) are allowed.
#include "compiler/check/checker.hpp"

namespace plumb::check {

namespace {

// Longest expression quoted in a "did you mean" hint.
constexpr std::size_t kMaxQuoted = 40;

// Whether the block, or a block nested in its statements, has a `yield` (nested `map` bodies
// are expressions, so their yields are not seen).
bool has_yield(const ast::Block& block) {
  for (const auto& stmt : block.stmts) {
    switch (stmt->kind) {
      case ast::StmtKind::Yield:
        return true;
      case ast::StmtKind::If:
        for (const ast::IfArm& arm : stmt->as<ast::IfStmt>().arms) {
          if (has_yield(arm.body)) return true;
        }
        break;
      case ast::StmtKind::For:
        if (has_yield(stmt->as<ast::ForStmt>().body)) return true;
        break;
      case ast::StmtKind::While:
        if (has_yield(stmt->as<ast::WhileStmt>().body)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

// The expression statements that end a path through the block.
void path_ends(const ast::Block& block, std::vector<const ast::Expr*>& ends) {
  if (block.stmts.empty()) return;
  const ast::Stmt& last = *block.stmts.back();
  if (last.kind == ast::StmtKind::Expr) ends.push_back(last.as<ast::ExprStmt>().expr.get());
  if (last.kind == ast::StmtKind::If) {
    for (const ast::IfArm& arm : last.as<ast::IfStmt>().arms)
      path_ends(arm.body, ends);
  }
}

}  // namespace

void PipelineChecker::report_missing_yield(const ast::Expr& value, std::string message) {
  std::string_view source = pipeline_.file->source->text();
  std::string_view text = source.substr(value.loc.offset, value.loc.length);
  // A `map` or `filter` is located at its keyword: its text is not at hand.
  const bool whole = value.kind != ast::ExprKind::Map && value.kind != ast::ExprKind::Filter;
  if (whole && text.size() <= kMaxQuoted && text.find('\n') == std::string_view::npos) {
    message += "; did you mean " + diag::code("yield " + std::string(text)) + "?";
  } else {
    message += "; did you mean to `yield` it?";
  }
  report(diag::Kind::MissingYield, value.loc, std::move(message)).fixit =
      diag::FixIt{value.loc, "yield "};
}

void PipelineChecker::map_yields(const ast::IterExpr& map, bool result_used, Purity body_effect) {
  std::vector<const ast::Expr*> ends;
  path_ends(map.body, ends);
  bool dropped = false;
  for (const ast::Expr* value : ends) {
    if (value->effect != Purity::Pure || value->type.is_error()) continue;
    report_missing_yield(*value,
                         "this value is computed and dropped: a `map` item gives only what it "
                         "yields");
    dropped = true;
  }
  if (dropped || !result_used || body_effect == Purity::Effect || has_yield(map.body)) return;
  const std::string never = "this `map` never yields, so its result is always `[]`";
  if (!map.body.stmts.empty() && map.body.stmts.back()->kind == ast::StmtKind::Expr) {
    report_missing_yield(*map.body.stmts.back()->as<ast::ExprStmt>().expr, never);
    return;
  }
  report(diag::Kind::MissingYield, map.loc,
         never +
             ": add `yield VALUE` to its body, or write the `map` as a statement of its own "
             "to run its body for its effects only");
}

}  // namespace plumb::check
