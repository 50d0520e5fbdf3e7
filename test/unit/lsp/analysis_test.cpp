// The analysis the checker records when asked (compiler/check/analysis.hpp): definitions and
// uses of bindings, the scopes and what they see, calls and attributes; one record per name
// even when a loop-carried `var` makes the checker go over a pipeline again.
#include <gtest/gtest.h>

#include <algorithm>

#include "compiler/check/check.hpp"
#include "compiler/lsp/documents.hpp"
#include "compiler/lsp/lookup.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb::lsp {
namespace {

std::shared_ptr<Analysed> run(const std::string& text) {
  return analyse("/nonexistent/test.pipe", text, stdlib::standard_stages());
}

std::uint32_t offset_of(const Analysed& a, const std::string& needle, std::size_t nth = 0) {
  std::string_view text = a.entry->text();
  std::size_t at = text.find(needle);
  while (nth-- > 0)
    at = text.find(needle, at + 1);
  EXPECT_NE(at, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(at);
}

TEST(Analysis, DefinitionsAndUses) {
  auto a = run("pipeline main(n: int) {\n  x = n + 1\n  y = x * x\n  yield y\n}\n");
  ASSERT_TRUE(a->program);
  const auto* x_def = reference_at(*a, offset_of(*a, "x ="));
  ASSERT_NE(x_def, nullptr);
  EXPECT_TRUE(x_def->is_definition);
  EXPECT_EQ(x_def->binding->name, "x");
  EXPECT_EQ(x_def->binding->type.to_string(), "int");
  auto refs = references_to(*a, *x_def->binding);
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_TRUE(refs[0]->is_definition);
  EXPECT_EQ(refs[1]->loc.offset, offset_of(*a, "x *"));
  EXPECT_EQ(refs[2]->loc.offset, offset_of(*a, "x\n", 0));
}

TEST(Analysis, ScopesSeeWhatWasBoundBefore) {
  auto a =
      run("pipeline main(items: list[int]) {\n  base = 1\n  out = map i in items {\n"
          "    doubled = i * 2\n    yield doubled + base\n  }\n  later = out\n  yield later\n}\n");
  ASSERT_TRUE(a->program);
  auto names = [&](std::uint32_t offset) {
    std::vector<std::string> out;
    for (const ast::Binding* b : bindings_at(*a, offset))
      out.push_back(b->name);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(names(offset_of(*a, "yield doubled")),
            (std::vector<std::string>{"base", "doubled", "i", "items"}));
  EXPECT_EQ(names(offset_of(*a, "later = out")),
            (std::vector<std::string>{"base", "items", "out"}));
}

TEST(Analysis, CallsAndAttributes) {
  auto a = run("pipeline main() {\n  @timeout(1s)\n  t = io.read_text(\"x\")\n  yield len(t)\n}\n");
  ASSERT_TRUE(a->program);
  ASSERT_EQ(a->analysis.calls.size(), 2u);
  const ast::CallExpr* stage = callee_at(*a, offset_of(*a, "io.read"));
  ASSERT_NE(stage, nullptr);
  EXPECT_EQ(stage->target, ast::CallTargetKind::Stage);
  EXPECT_EQ(callee_at(*a, offset_of(*a, "len"))->target, ast::CallTargetKind::Builtin);
  const ast::Attribute* attribute = attribute_at(*a, offset_of(*a, "timeout"));
  ASSERT_NE(attribute, nullptr);
  EXPECT_EQ(attribute->name, "timeout");
}

TEST(Analysis, OneRecordPerNameAfterWideningPasses) {
  // `v` widens from int to int | null... the checker goes over the body again; only the last
  // pass is recorded.
  auto a =
      run("pipeline main(n: int) {\n  var v = 0\n  for i in range(n) {\n    v = v + 1.5\n  }\n"
          "  yield v\n}\n");
  ASSERT_TRUE(a->program);
  const auto* v = reference_at(*a, offset_of(*a, "v = 0"));
  ASSERT_NE(v, nullptr);
  auto refs = references_to(*a, *v->binding);
  EXPECT_EQ(refs.size(), 4u);  // declared, assigned, read in the loop, yielded
  std::size_t definitions = 0;
  for (const auto& r : a->analysis.references)
    definitions += r.is_definition && r.binding->name == "v";
  EXPECT_EQ(definitions, 1u);
}

TEST(Analysis, NothingRecordedWithoutAnAnalysis) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  const auto* file = sources.add("/nonexistent/t.pipe", "pipeline main() { x = 1\n yield x }\n");
  check::Analysis analysis;
  auto program = check::check(*file, sources, diags, stdlib::standard_stages());
  ASSERT_TRUE(program);
  EXPECT_TRUE(analysis.references.empty());
  auto again = check::check(*file, sources, diags, stdlib::standard_stages(), &analysis);
  EXPECT_EQ(analysis.references.size(), 2u);
  EXPECT_EQ(analysis.scopes.size(), 1u);
}

TEST(Analysis, UnparsableTextHasNoProgram) {
  auto a = run("pipeline main( {");
  EXPECT_FALSE(a->program);
  EXPECT_TRUE(a->diags.has_errors());
  EXPECT_EQ(reference_at(*a, 3), nullptr);
  EXPECT_TRUE(bindings_at(*a, 3).empty());
}

}  // namespace
}  // namespace plumb::lsp
