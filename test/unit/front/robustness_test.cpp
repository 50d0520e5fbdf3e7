// Hostile input never crashes the front end: deep nesting of every kind gives the
// nesting-too-deep diagnostic (not a stack overflow), and huge, binary or empty files are
// handled with at most one diagnostic each.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "compiler/parse/grammar.hpp"
#include "test/unit/front/front_testing.hpp"

namespace plumb {
namespace {

using testing::FrontEnd;

std::string repeat(std::string_view piece, std::size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (std::size_t i = 0; i < n; ++i)
    out += piece;
  return out;
}

std::string in_main(const std::string& expression) {
  return "pipeline main() {\n  return " + expression + "\n}\n";
}

void expect_nesting_too_deep(const std::string& text) {
  FrontEnd fe;
  fe.check(text);
  ASSERT_EQ(fe.kinds(), std::vector<std::string>{"nesting-too-deep"}) << fe.rendered();
}

TEST(Robustness, HundredThousandOpenParentheses) {
  // Outside a pipeline they are not even an expression: one syntax error.
  FrontEnd top;
  top.check(repeat("(", 100'000));
  EXPECT_EQ(top.kinds(), std::vector<std::string>{"syntax"});
  expect_nesting_too_deep(in_main(repeat("(", 100'000)));
}

TEST(Robustness, DeeplyBalancedBrackets) {
  expect_nesting_too_deep(in_main(repeat("(", 10'000) + "1" + repeat(")", 10'000)));
  expect_nesting_too_deep(in_main(repeat("[", 10'000) + "1" + repeat("]", 10'000)));
  expect_nesting_too_deep(in_main(repeat("{a: ", 10'000) + "1" + repeat("}", 10'000)));
  expect_nesting_too_deep(in_main(repeat("f(", 10'000) + "1" + repeat(")", 10'000)));
  expect_nesting_too_deep(in_main(repeat("x[", 10'000) + "1" + repeat("]", 10'000)));
  expect_nesting_too_deep(in_main(repeat("\"${", 10'000) + "1" + repeat("}\"", 10'000)));
}

TEST(Robustness, DeepPrefixOperatorsAndTernaries) {
  expect_nesting_too_deep(in_main(repeat("not ", 10'000) + "true"));
  expect_nesting_too_deep(in_main(repeat("- ", 10'000) + "1"));
  expect_nesting_too_deep(in_main(repeat("true ? 1 : ", 10'000) + "2"));
}

TEST(Robustness, DeepBlocks) {
  expect_nesting_too_deep("pipeline main() {\n" + repeat("if true {\n", 10'000) +
                          repeat("}\n", 10'001));
  expect_nesting_too_deep("pipeline main(xs: list = []) {\n" +
                          repeat("x = map x in xs {\n", 5'000) + repeat("}\n", 5'001));
}

TEST(Robustness, NestingJustUnderTheLimitIsAccepted) {
  // The pipeline body is one level; 250 parentheses stay under 256.
  FrontEnd fe;
  fe.check(in_main(repeat("(", 250) + "1" + repeat(")", 250)));
  EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered();
}

TEST(Robustness, LongChainsAreBoundedByAstHeight) {
  // Left-nested chains do not nest in the grammar but do in the AST: they are cut at the
  // AST height limit with one diagnostic.
  for (const std::string& chain :
       {repeat("1 + ", 100'000) + "1", "x" + repeat(".f", 100'000), "x" + repeat("[0]", 100'000),
        "len(\"\")" + repeat(" * 2", 100'000)}) {
    FrontEnd fe;
    fe.check("pipeline main(x: any = null) {\n  return " + chain + "\n}\n");
    ASSERT_EQ(fe.kinds(), std::vector<std::string>{"nesting-too-deep"}) << chain.substr(0, 40);
  }
}

TEST(Robustness, TenMegabyteLine) {
  FrontEnd fe;
  fe.check(in_main("\"" + std::string(10'000'000, 'x') + "\""));
  EXPECT_TRUE(fe.diags.all().empty()) << fe.rendered();

  FrontEnd bad;
  bad.check(in_main("\"" + std::string(10'000'000, 'x') + "\" +"));
  ASSERT_EQ(bad.kinds(), std::vector<std::string>{"syntax"});
  // The excerpt of a huge line is a window around the caret, not the whole line.
  EXPECT_LT(bad.rendered().size(), 1000u);
}

TEST(Robustness, EmptyAndBlankFiles) {
  for (const char* text : {"", "\n\n", "# only a comment", "   \t  "}) {
    FrontEnd fe;
    fe.check(text);
    EXPECT_EQ(fe.kinds(), std::vector<std::string>{"no-pipeline"}) << text;
    EXPECT_FALSE(fe.diags.has_errors());
  }
}

TEST(Robustness, BinaryGarbageAndInvalidUtf8) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i)
    garbage += static_cast<char>((i * 7919 + 13) % 256);
  FrontEnd fe;
  fe.check(garbage);
  EXPECT_EQ(fe.diags.error_count(), 1u) << fe.rendered();

  FrontEnd nul;
  nul.check(std::string("pipeline main() {\0}", 19));
  EXPECT_EQ(nul.diags.error_count(), 1u) << nul.rendered();

  for (const char* bad :
       {"\xff", "\xc3\x28", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\xe2\x82"}) {
    FrontEnd u;
    u.check(in_main(std::string("\"") + bad + "\""));
    EXPECT_EQ(u.kinds(), std::vector<std::string>{"invalid-utf8"});
    EXPECT_EQ(u.diags.all()[0].loc.col, 11u);
  }
}

TEST(Robustness, SelfImportIsACycle) {
  FrontEnd fe;
  fe.check("import \"test.pipe\"\npipeline main() {}\n");
  EXPECT_EQ(fe.kinds(), std::vector<std::string>{"import-cycle"}) << fe.rendered();
}

TEST(Robustness, OnlyRegularFilesOfBoundedSizeAreRead) {
  // /dev/zero has no size and never ends: it is refused before a byte is read (it used to be
  // read up to the size limit).
  diag::SourceManager sources;
  std::string error;
  EXPECT_EQ(sources.load("/dev/zero", error), nullptr);
  EXPECT_EQ(error, "is a character device, not a regular file");
  EXPECT_EQ(sources.load("/nonexistent/file.pipe", error), nullptr);
  EXPECT_EQ(error, "no such file");
  EXPECT_EQ(sources.load("/", error), nullptr);
  EXPECT_EQ(error, "is a directory");
  // A (sparse) file one byte over the limit is refused by its size.
  std::string big = ::testing::TempDir() + "plumb-too-large.pipe";
  {
    std::ofstream out(big, std::ios::binary | std::ios::trunc);
  }
  ASSERT_EQ(::truncate(big.c_str(), static_cast<off_t>(diag::kMaxSourceBytes + 1)), 0);
  EXPECT_EQ(sources.load(big, error), nullptr);
  EXPECT_EQ(error, "is larger than 256 MiB");
  std::remove(big.c_str());
}

}  // namespace
}  // namespace plumb
