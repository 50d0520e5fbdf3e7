// The checked accesses of the compiler's data structures: `as<T>()` of an AST node that is not
// a T, and IR ids outside the module's arenas, abort in Debug and sanitizer builds (they are
// plain casts and indexing in release builds, where these tests skip).
#include <gtest/gtest.h>

#include "compiler/ast/ast.hpp"
#include "compiler/ir/ir.hpp"

namespace plumb {
namespace {

class CheckedAccessDeathTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!kDchecksOn) GTEST_SKIP() << "PLUMB_DCHECK is compiled out of this build";
  }
};

TEST_F(CheckedAccessDeathTest, AstCastToTheWrongNodeType) {
  ast::IntLit literal(ast::Loc{}, 7);
  const ast::Expr& expr = literal;
  EXPECT_EQ(expr.as<ast::IntLit>().value, 7);
  EXPECT_DEATH((void)expr.as<ast::NameExpr>(), "as<T>\\(\\) of a node that is not a T");
}

TEST_F(CheckedAccessDeathTest, AstStatementCastToTheWrongType) {
  ast::ExprStmt stmt(ast::Loc{}, std::make_unique<ast::NullLit>(ast::Loc{}));
  ast::Stmt& base = stmt;
  EXPECT_DEATH((void)base.as<ast::BindStmt>(), "as<T>\\(\\) of a node that is not a T");
}

TEST_F(CheckedAccessDeathTest, IrIdsOutsideTheModule) {
  ir::Module module;
  module.nodes.emplace_back();
  EXPECT_EQ(&module.node(ir::NodeId{0}), &module.nodes[0]);
  EXPECT_DEATH((void)module.node(ir::NodeId{1}), "node id out of range");
  EXPECT_DEATH((void)module.node(ir::NodeId{}), "node id out of range");
  EXPECT_DEATH((void)module.region(ir::RegionId{0}), "region id out of range");
  EXPECT_DEATH((void)module.value(ir::ValueId{3}), "value id out of range");
  EXPECT_DEATH((void)module.function(ir::FunctionId{0}), "function id out of range");
  ir::ExprNode expr{};
  EXPECT_DEATH((void)module.expr_arg(expr, 0), "expression argument out of range");
}

}  // namespace
}  // namespace plumb
