// Every AST node carries its file, line, column (in code points) and byte range; these tests
// pin the locations the diagnostics and the IR rely on.
#include <gtest/gtest.h>

#include "test/unit/front/front_testing.hpp"

namespace plumb {
namespace {

using testing::FrontEnd;

void expect_loc(const diag::Loc& loc, std::uint32_t line, std::uint32_t col, std::uint32_t length) {
  EXPECT_TRUE(loc.valid());
  EXPECT_EQ(loc.line, line);
  EXPECT_EQ(loc.col, col);
  EXPECT_EQ(loc.length, length);
}

TEST(Locations, PipelineParametersAndStatements) {
  FrontEnd fe;
  ast::File* file = fe.parse(
      "# header\n"
      "pipeline main(rows: list[int] = [], n: int = 2) -> int {\n"
      "  total = sum(rows) * n\n"
      "  var count = 0\n"
      "  for r in rows { count = count + r }\n"
      "  return total\n"
      "}\n");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(file->pipelines.size(), 1u);
  const ast::Pipeline& p = *file->pipelines[0];
  expect_loc(p.loc, 2, 10, 4);
  ASSERT_EQ(p.params.size(), 2u);
  expect_loc(p.params[0].loc, 2, 15, 4);
  expect_loc(p.params[0].annotation->loc, 2, 21, 9);
  expect_loc(p.params[1].loc, 2, 37, 1);
  expect_loc(p.result->loc, 2, 52, 3);
  ASSERT_EQ(p.body.stmts.size(), 4u);

  const auto& bind = p.body.stmts[0]->as<ast::BindStmt>();
  expect_loc(bind.name_loc, 3, 3, 5);
  const auto& product = bind.value->as<ast::BinaryExpr>();
  expect_loc(product.loc, 3, 11, 13);  // `sum(rows) * n`
  expect_loc(product.op_loc, 3, 21, 1);
  const auto& call = product.lhs->as<ast::CallExpr>();
  expect_loc(call.loc, 3, 11, 9);
  expect_loc(call.callee_loc, 3, 11, 3);

  const auto& var = p.body.stmts[1]->as<ast::BindStmt>();
  EXPECT_TRUE(var.is_var_decl);
  expect_loc(var.loc, 4, 3, 3);  // the `var` keyword
  expect_loc(var.name_loc, 4, 7, 5);

  const auto& loop = p.body.stmts[2]->as<ast::ForStmt>();
  expect_loc(loop.loc, 5, 3, 3);
  expect_loc(loop.var_loc, 5, 7, 1);
  expect_loc(loop.source->loc, 5, 12, 4);

  expect_loc(p.body.stmts[3]->loc, 6, 3, 6);
  EXPECT_EQ(
      p.body.stmts[3]->loc.offset,
      std::string_view("# header\n").size() +
          std::string_view("pipeline main(rows: list[int] = [], n: int = 2) -> int {\n").size() +
          std::string_view("  total = sum(rows) * n\n").size() +
          std::string_view("  var count = 0\n").size() +
          std::string_view("  for r in rows { count = count + r }\n").size() + 2);
}

TEST(Locations, ColumnsCountCodePointsNotBytes) {
  FrontEnd fe;
  ast::File* file = fe.parse("pipeline main() {\n  s = \"héllo → 😀\" + x\n}\n");
  ASSERT_NE(file, nullptr);
  const auto& bind = file->pipelines[0]->body.stmts[0]->as<ast::BindStmt>();
  const auto& sum = bind.value->as<ast::BinaryExpr>();
  // `"héllo → 😀"` is 11 code points but 17 bytes.
  expect_loc(sum.lhs->loc, 2, 7, 17);
  expect_loc(sum.op_loc, 2, 19, 1);
  expect_loc(sum.rhs->loc, 2, 21, 1);
}

TEST(Locations, ExpressionsSpanTheirOperands) {
  FrontEnd fe;
  ast::File* file = fe.parse(
      "pipeline main(r: any = null) {\n"
      "  return [r.a.b, r[0], -r, not r, r ? 1 : 2, map x in r { yield x }]\n"
      "}\n");
  ASSERT_NE(file, nullptr);
  const auto& list =
      file->pipelines[0]->body.stmts[0]->as<ast::ReturnStmt>().value->as<ast::ListLit>();
  ASSERT_EQ(list.items.size(), 6u);
  const auto& field = list.items[0]->as<ast::FieldExpr>();
  expect_loc(field.loc, 2, 11, 5);
  expect_loc(field.field_loc, 2, 15, 1);
  expect_loc(list.items[1]->loc, 2, 18, 4);
  expect_loc(list.items[2]->loc, 2, 24, 2);
  expect_loc(list.items[3]->loc, 2, 28, 5);
  expect_loc(list.items[4]->loc, 2, 35, 9);
  const auto& map = list.items[5]->as<ast::IterExpr>();
  expect_loc(map.loc, 2, 46, 3);  // the `map` keyword
  expect_loc(map.var_loc, 2, 50, 1);
}

TEST(Locations, NegativeLiteralIncludesItsSign) {
  FrontEnd fe;
  ast::File* file = fe.parse("pipeline main() {\n  return -9223372036854775808\n}\n");
  ASSERT_NE(file, nullptr);
  const ast::Expr& value = *file->pipelines[0]->body.stmts[0]->as<ast::ReturnStmt>().value;
  ASSERT_EQ(value.kind, ast::ExprKind::Int);
  EXPECT_EQ(value.as<ast::IntLit>().value, INT64_MIN);
  expect_loc(value.loc, 2, 10, 20);
}

TEST(Locations, ImportedFilesHaveTheirOwnFileId) {
  FrontEnd fe;
  fe.check("import \"missing.pipe\"\npipeline main() {}\n", "/nonexistent/dir/main.pipe");
  ASSERT_EQ(fe.diags.all().size(), 1u);
  const diag::Diagnostic& d = fe.diags.all()[0];
  EXPECT_EQ(fe.sources.file(d.loc.file).path(), "/nonexistent/dir/main.pipe");
  expect_loc(d.loc, 1, 8, 14);
  EXPECT_NE(d.message.find("/nonexistent/dir/missing.pipe"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace plumb
