// The `shell-interpolation` warning: a `sys.shell` command built by interpolating values into
// a string (`"grep ${pattern} ${path}"`) or concatenating them (`"ls " + dir`) runs whatever
// the values hold as shell code. Pieces that cannot inject anything are accepted: constants,
// numbers and booleans, and values passed through `shell_quote()`. Names bound with `=` are
// followed to their values (a few steps), so building the command first does not hide it.
#include "compiler/check/checker.hpp"
#include "compiler/check/constant.hpp"

namespace plumb::check {

namespace {

// How many `name = value` bindings the walk follows from the command.
constexpr int kMaxHops = 8;

const ast::Expr* let_value(const ast::Expr& e) {
  if (e.kind != ast::ExprKind::Name) return nullptr;
  const ast::Binding* binding = e.as<ast::NameExpr>().binding;
  if (!binding || binding->kind != ast::BindingKind::Let || !binding->decl) return nullptr;
  return binding->decl->value.get();
}

bool is_concat(const ast::Expr& e) {
  return e.kind == ast::ExprKind::Binary && e.as<ast::BinaryExpr>().op == ast::BinaryOp::Add;
}

// Whether a piece put into a command cannot change what the shell runs.
bool safe_piece(const ast::Expr& e, int hops) {
  if (constant_value(e)) return true;
  if (e.type.is(TypeKind::Int) || e.type.is(TypeKind::Float) || e.type.is(TypeKind::Bool)) {
    return true;
  }
  switch (e.kind) {
    case ast::ExprKind::Call: {
      const auto& call = e.as<ast::CallExpr>();
      return call.target == ast::CallTargetKind::Builtin && call.callee == "shell_quote";
    }
    case ast::ExprKind::Str:
      for (const ast::StrPart& part : e.as<ast::StrLit>().parts) {
        if (part.expr && !safe_piece(*part.expr, hops)) return false;
      }
      return true;
    case ast::ExprKind::Binary:
      return is_concat(e) && safe_piece(*e.as<ast::BinaryExpr>().lhs, hops) &&
             safe_piece(*e.as<ast::BinaryExpr>().rhs, hops);
    case ast::ExprKind::Ternary:
      return safe_piece(*e.as<ast::TernaryExpr>().then_value, hops) &&
             safe_piece(*e.as<ast::TernaryExpr>().else_value, hops);
    case ast::ExprKind::Name: {
      const ast::Expr* value = let_value(e);
      return value && hops > 0 && safe_piece(*value, hops - 1);
    }
    default:
      return false;
  }
}

// Finds the first interpolated or concatenated piece of a command that could inject shell
// code; `followed` tells whether the walk went through a binding to find it.
struct CommandWalk {
  bool followed = false;

  const ast::Expr* command(const ast::Expr& e, int hops) {
    switch (e.kind) {
      case ast::ExprKind::Str:
        for (const ast::StrPart& part : e.as<ast::StrLit>().parts) {
          if (part.expr && !safe_piece(*part.expr, hops)) return part.expr.get();
        }
        return nullptr;
      case ast::ExprKind::Binary:
        return is_concat(e) ? concat(e, hops) : nullptr;
      case ast::ExprKind::Ternary: {
        const auto& t = e.as<ast::TernaryExpr>();
        if (const ast::Expr* then_value = command(*t.then_value, hops)) return then_value;
        return command(*t.else_value, hops);
      }
      case ast::ExprKind::Name: {
        const ast::Expr* value = let_value(e);
        if (!value || hops == 0) return nullptr;
        const ast::Expr* found = command(*value, hops - 1);
        if (found) followed = true;
        return found;
      }
      default:
        return nullptr;
    }
  }

  // The first piece of a `+` chain that could inject shell code.
  const ast::Expr* concat(const ast::Expr& e, int hops) {
    if (is_concat(e)) {
      const auto& b = e.as<ast::BinaryExpr>();
      if (const ast::Expr* lhs = concat(*b.lhs, hops)) return lhs;
      return concat(*b.rhs, hops);
    }
    if (e.kind == ast::ExprKind::Str) return command(e, hops);
    return safe_piece(e, hops) ? nullptr : &e;
  }
};

}  // namespace

void PipelineChecker::shell_command(const ast::Expr& command) {
  CommandWalk walk;
  const ast::Expr* piece = walk.command(command, kMaxHops);
  if (!piece) return;
  auto& d =
      report(diag::Kind::ShellInterpolation, piece->loc,
             "this value becomes part of a " + diag::code("sys.shell") +
                 " command, where `;`, `$(...)` or a quote in it would run as shell code; "
                 "pass the command as a list to " +
                 diag::code("sys.exec") + " or wrap the value in " + diag::code("shell_quote()"));
  if (walk.followed) d.notes.push_back({command.loc, "the command reaches `sys.shell` here"});
}

}  // namespace plumb::check
