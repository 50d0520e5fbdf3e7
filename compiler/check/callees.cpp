// A walk over every expression of a pipeline (its depth is bounded by the parser's limits)
// collecting the calls that name pipelines.
#include "compiler/check/callees.hpp"

#include <unordered_set>

#include "base/value/builtins.hpp"

namespace plumb::check {
namespace {

class CalleeWalk {
 public:
  explicit CalleeWalk(const PipelineResolver& resolve) : resolve_(resolve) {}

  std::vector<const ast::Pipeline*> run(const ast::Pipeline& pipeline) {
    for (const ast::Param& param : pipeline.params) {
      if (param.default_value) expr(*param.default_value);
    }
    block(pipeline.body);
    return std::move(found_);
  }

 private:
  void block(const ast::Block& b) {
    for (const auto& stmt : b.stmts)
      statement(*stmt);
  }

  void args(const std::vector<ast::Arg>& arguments) {
    for (const ast::Arg& arg : arguments)
      expr(*arg.value);
  }

  void statement(const ast::Stmt& s) {
    switch (s.kind) {
      case ast::StmtKind::Bind:
        expr(*s.as<ast::BindStmt>().value);
        break;
      case ast::StmtKind::If:
        for (const ast::IfArm& arm : s.as<ast::IfStmt>().arms) {
          if (arm.cond) expr(*arm.cond);
          block(arm.body);
        }
        break;
      case ast::StmtKind::For: {
        const auto& loop = s.as<ast::ForStmt>();
        expr(*loop.source);
        block(loop.body);
        break;
      }
      case ast::StmtKind::While: {
        const auto& loop = s.as<ast::WhileStmt>();
        expr(*loop.cond);
        if (loop.max) expr(*loop.max);
        block(loop.body);
        break;
      }
      case ast::StmtKind::Yield:
        expr(*s.as<ast::YieldStmt>().value);
        break;
      case ast::StmtKind::Return:
        if (const auto& value = s.as<ast::ReturnStmt>().value) expr(*value);
        break;
      case ast::StmtKind::Expr:
        expr(*s.as<ast::ExprStmt>().expr);
        break;
    }
    for (const ast::Attribute& attribute : s.attributes)
      args(attribute.args);
  }

  void expr(const ast::Expr& e) {
    using ast::ExprKind;
    switch (e.kind) {
      case ExprKind::Int:
      case ExprKind::Float:
      case ExprKind::Bool:
      case ExprKind::Null:
      case ExprKind::Name:
      case ExprKind::Invalid:
        break;
      case ExprKind::Str:
        for (const ast::StrPart& part : e.as<ast::StrLit>().parts) {
          if (part.expr) expr(*part.expr);
        }
        break;
      case ExprKind::List:
        for (const auto& item : e.as<ast::ListLit>().items)
          expr(*item);
        break;
      case ExprKind::Record:
        for (const ast::RecordEntry& entry : e.as<ast::RecordLit>().entries)
          expr(*entry.value);
        break;
      case ExprKind::Field:
        expr(*e.as<ast::FieldExpr>().object);
        break;
      case ExprKind::Index: {
        const auto& index = e.as<ast::IndexExpr>();
        expr(*index.object);
        expr(*index.index);
        break;
      }
      case ExprKind::Call:
        call(e.as<ast::CallExpr>());
        break;
      case ExprKind::Unary:
        expr(*e.as<ast::UnaryExpr>().operand);
        break;
      case ExprKind::Binary: {
        const auto& binary = e.as<ast::BinaryExpr>();
        expr(*binary.lhs);
        expr(*binary.rhs);
        break;
      }
      case ExprKind::Ternary: {
        const auto& ternary = e.as<ast::TernaryExpr>();
        expr(*ternary.cond);
        expr(*ternary.then_value);
        expr(*ternary.else_value);
        break;
      }
      case ExprKind::Map:
      case ExprKind::Filter: {
        const auto& iteration = e.as<ast::IterExpr>();
        expr(*iteration.source);
        args(iteration.options);
        block(iteration.body);
        break;
      }
    }
  }

  void call(const ast::CallExpr& e) {
    args(e.args);
    if (e.callee.find('.') != std::string::npos || builtins::find(e.callee) >= 0) return;
    const ast::Pipeline* callee = resolve_(e.callee);
    if (callee && seen_.insert(callee).second) found_.push_back(callee);
  }

  const PipelineResolver& resolve_;
  std::vector<const ast::Pipeline*> found_;
  std::unordered_set<const ast::Pipeline*> seen_;
};

}  // namespace

std::vector<const ast::Pipeline*> callees(const ast::Pipeline& pipeline,
                                          const PipelineResolver& resolve) {
  return CalleeWalk(resolve).run(pipeline);
}

}  // namespace plumb::check
