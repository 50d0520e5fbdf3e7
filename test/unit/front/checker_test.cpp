// Checker internals: what it writes into the AST for lowering (resolved names and calls,
// arguments bound to parameters, inferred types, merged `if` names, loop-carried `var`s,
// filter predicates, validated attributes), import loading, and error poisoning.
#include <gtest/gtest.h>

#include "test/unit/front/front_testing.hpp"

namespace plumb {
namespace {

using testing::FrontEnd;

const ast::Stmt& stmt(const check::Program& program, std::size_t pipeline, std::size_t index) {
  return *program.entry_file().pipelines.at(pipeline)->body.stmts.at(index);
}
const ast::Expr& value(const ast::Stmt& s) {
  return s.kind == ast::StmtKind::Bind     ? *s.as<ast::BindStmt>().value
         : s.kind == ast::StmtKind::Return ? *s.as<ast::ReturnStmt>().value
                                           : *s.as<ast::ExprStmt>().expr;
}

TEST(Checker, ResolvesCallsAndBindsArgumentsToParameters) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline scale(x: int, by: int = 2) -> int {\n  return x * by\n}\n"
      "pipeline main() {\n"
      "  a = text.split(\"abc\", overlap: 1)\n"
      "  b = len(a)\n"
      "  c = scale(b, by: 3)\n"
      "  return c\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();

  const auto& split = value(stmt(*program, 1, 0)).as<ast::CallExpr>();
  EXPECT_EQ(split.target, ast::CallTargetKind::Stage);
  ASSERT_NE(split.stage, nullptr);
  EXPECT_EQ(split.stage->signature.name, "text.split");
  ASSERT_EQ(split.bound_args.size(), 3u);  // s, max_chars, overlap
  EXPECT_EQ(split.bound_args[0], split.args[0].value.get());
  EXPECT_EQ(split.bound_args[1], nullptr);  // the default applies
  EXPECT_EQ(split.bound_args[2], split.args[1].value.get());
  EXPECT_EQ(split.type.to_string(), "list[str]");

  const auto& len = value(stmt(*program, 1, 1)).as<ast::CallExpr>();
  EXPECT_EQ(len.target, ast::CallTargetKind::Builtin);
  EXPECT_GE(len.builtin, 0);
  EXPECT_EQ(len.type.to_string(), "int");
  // The name `a` resolves to the binding made by the first statement.
  const auto& a = len.args[0].value->as<ast::NameExpr>();
  ASSERT_NE(a.binding, nullptr);
  EXPECT_EQ(a.binding, stmt(*program, 1, 0).as<ast::BindStmt>().binding);
  EXPECT_EQ(a.binding->uses, 1u);

  const auto& scale = value(stmt(*program, 1, 2)).as<ast::CallExpr>();
  EXPECT_EQ(scale.target, ast::CallTargetKind::Pipeline);
  EXPECT_EQ(scale.pipeline, program->entry_file().pipelines[0].get());
  EXPECT_EQ(scale.type.to_string(), "int");  // the callee's declared result
}

TEST(Checker, InfersRecordTypesAndEffects) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main() {\n"
      "  r = { name: \"x\", n: 1, xs: [1.5, 2] }\n"
      "  page = http.get(\"http://localhost/\")\n"
      "  io.write_text(\"out.txt\", r.name)\n"
      "  return [r.n, page]\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  EXPECT_EQ(value(stmt(*program, 0, 0)).type.to_string(), "{name: str, n: int, xs: list[float]}");
  EXPECT_EQ(value(stmt(*program, 0, 0)).effect, Purity::Pure);
  EXPECT_EQ(value(stmt(*program, 0, 1)).effect, Purity::Volatile);
  EXPECT_EQ(value(stmt(*program, 0, 2)).effect, Purity::Effect);
  EXPECT_EQ(program->entry_file().pipelines[0]->effect, Purity::Effect);
}

TEST(Checker, NamesBoundInEveryArmAreMerged) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main(n: int = 1) {\n"
      "  var count = 0\n"
      "  if n > 0 { s = \"pos\"; count = 1 } else if n < 0 { s = 2 } else { s = null }\n"
      "  return [s, count]\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  const auto& branch = stmt(*program, 0, 1).as<ast::IfStmt>();
  ASSERT_EQ(branch.arms.size(), 3u);
  EXPECT_TRUE(branch.has_else());
  ASSERT_EQ(branch.merged.size(), 1u);
  EXPECT_EQ(branch.merged[0]->name, "s");
  ASSERT_EQ(branch.assigned_vars.size(), 1u);
  EXPECT_EQ(branch.assigned_vars[0]->name, "count");
}

TEST(Checker, LoopCarriedVarsWidenTheirType) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main(xs: list[int] = [1]) {\n"
      "  var total = 0\n"
      "  for x in xs { total = total + 0.5 }\n"
      "  return total\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  const auto& loop = stmt(*program, 0, 1).as<ast::ForStmt>();
  ASSERT_EQ(loop.assigned_vars.size(), 1u);
  EXPECT_EQ(loop.assigned_vars[0]->type.to_string(), "float");
  EXPECT_EQ(loop.item->type.to_string(), "int");
  EXPECT_EQ(value(stmt(*program, 0, 2)).type.to_string(), "float");
}

TEST(Checker, FilterPredicateAndMapResultType) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main(xs: list[int] = [1]) {\n"
      "  big = filter x in xs { half = x / 2; half > 1.0 }\n"
      "  names = map x in big { yield \"n${x}\" }\n"
      "  return names\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  const auto& filter = value(stmt(*program, 0, 0)).as<ast::IterExpr>();
  ASSERT_NE(filter.predicate, nullptr);
  EXPECT_EQ(filter.predicate, filter.body.stmts[1]->as<ast::ExprStmt>().expr.get());
  EXPECT_EQ(filter.type.to_string(), "list[int]");
  EXPECT_EQ(value(stmt(*program, 0, 1)).type.to_string(), "list[str]");
}

TEST(Checker, AttributesAreValidatedIntoNodeAttributes) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main(xs: list = []) {\n"
      "  @retry(5, backoff: 1s) @timeout(2m) @label(team: \"data\", weight: 2) @cache\n"
      "  page = http.get(\"http://localhost/\")\n"
      "  @trace(items: \"sample\", rate: 0.5, limit: 7)\n"
      "  ys = map x in xs { yield x }\n"
      "  return [page, ys]\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  const NodeAttributes& page = stmt(*program, 0, 0).node_attributes;
  ASSERT_TRUE(page.retry);
  EXPECT_EQ(page.retry->attempts, 5);
  EXPECT_DOUBLE_EQ(page.retry->backoff, 1.0);
  ASSERT_TRUE(page.timeout);
  EXPECT_DOUBLE_EQ(*page.timeout, 120.0);
  EXPECT_TRUE(page.cache);
  ASSERT_EQ(page.labels.size(), 2u);
  EXPECT_EQ(page.labels[0], (std::pair<std::string, std::string>{"team", "data"}));
  EXPECT_EQ(page.labels[1], (std::pair<std::string, std::string>{"weight", "2"}));
  const NodeAttributes& ys = stmt(*program, 0, 1).node_attributes;
  ASSERT_TRUE(ys.trace);
  EXPECT_EQ(ys.trace->items, ItemSpans::Sample);
  EXPECT_DOUBLE_EQ(ys.trace->rate, 0.5);
  EXPECT_EQ(ys.trace->limit, 7);
}

TEST(Checker, ParameterDefaultsAreEvaluated) {
  FrontEnd fe;
  auto* program = fe.check("pipeline main(n: int = -3, xs: list = [1, \"a\"], f: float = 2) {}\n");
  ASSERT_NE(program, nullptr);
  ASSERT_FALSE(fe.diags.has_errors()) << fe.rendered();
  const auto& params = program->entry_file().pipelines[0]->params;
  ASSERT_TRUE(params[0].default_constant);
  EXPECT_EQ(params[0].default_constant->as_int(), -3);
  EXPECT_EQ(params[1].default_constant->as_list().size(), 2u);
  EXPECT_EQ(params[0].binding->kind, ast::BindingKind::Param);
}

TEST(Checker, OneMistakeOneDiagnostic) {
  FrontEnd fe;
  fe.check(
      "pipeline main() {\n"
      "  a = nope + 1\n"
      "  b = a * \"x\"\n"
      "  c = io.read_text(b)\n"
      "  if len(c) > nope { log.info(\"${c}\") }\n"
      "  return [len(c), b.field, map i in a { yield i }]\n"
      "}\n");
  EXPECT_EQ(fe.kinds(), std::vector<std::string>{"undefined-name"}) << fe.rendered();
}

TEST(Checker, AllErrorsOfAllPipelinesInOneRun) {
  FrontEnd fe;
  fe.check(
      "pipeline a() { return x }\n"
      "pipeline b() { return 1 + \"s\" }\n"
      "pipeline main() { return io.nope() }\n");
  EXPECT_EQ(fe.kinds(),
            (std::vector<std::string>{"undefined-name", "type-mismatch", "unknown-stage"}));
}

TEST(Checker, WideningThatNeverEndsFallsBackToAny) {
  FrontEnd fe;
  auto* program = fe.check(
      "pipeline main(xs: list = [1]) {\n"
      "  var v = 0\n"
      "  for x in xs { v = [v] }\n"
      "  return v\n"
      "}\n");
  ASSERT_NE(program, nullptr);
  EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered();
  EXPECT_EQ(value(stmt(*program, 0, 2)).type.to_string(), "any");
}

}  // namespace
}  // namespace plumb
