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

TEST(Robustness, DeepTypes) {
  // 50,000 used to overflow the stack; the brackets of a type count like any other.
  expect_nesting_too_deep("pipeline main(x: " + repeat("list[", 50'000) + "int" +
                          repeat("]", 50'000) + " = []) {\n  return x\n}\n");
  expect_nesting_too_deep("pipeline main() -> " + repeat("list[", 300) + "int?" + repeat("]", 300) +
                          " {\n  return []\n}\n");
  FrontEnd fe;
  fe.check("pipeline main(x: " + repeat("list[", 250) + "int" + repeat("]", 250) +
           "? = null) {\n  return x\n}\n");
  EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered();
}

TEST(Robustness, ElseIfChainsCountAsNesting) {
  auto chain = [](std::size_t arms) {
    std::string text = "pipeline main(x: int = 0) {\n  var y = 0\n  if x == 0 { y = 0 }\n";
    for (std::size_t i = 1; i <= arms; ++i)
      text += "  else if x == " + std::to_string(i) + " { y = 1 }\n";
    return text + "  return y\n}\n";
  };
  expect_nesting_too_deep(chain(20'000));
  FrontEnd fe;
  fe.check(chain(250));
  EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered();
  // Nesting inside a late arm counts the arms before it.
  FrontEnd deep;
  deep.check("pipeline main(x: int = 0) {\n  if x == 0 {}\n" +
             repeat("  else if x == 1 {}\n", 200) + "  else {\n  return " + repeat("(", 100) + "1" +
             repeat(")", 100) + "\n  }\n}\n");
  EXPECT_EQ(deep.kinds(), std::vector<std::string>{"nesting-too-deep"}) << deep.rendered();
}

TEST(Robustness, LongPipelineChainsAreCheckedWithoutRecursion) {
  // 4,000 used to overflow the stack in the checker; callees defined before or after callers.
  for (bool reversed : {false, true}) {
    std::vector<std::string> pipelines;
    const int n = 20'000;
    for (int i = 0; i < n; ++i) {
      pipelines.push_back("pipeline p" + std::to_string(i) + "(x: int) {\n  return [p" +
                          std::to_string(i + 1) + "(x)]\n}\n");
    }
    pipelines.push_back("pipeline p" + std::to_string(n) + "(x: int) {\n  return x\n}\n");
    if (reversed) std::reverse(pipelines.begin(), pipelines.end());
    std::string text = "pipeline main() {\n  return len(p0(1))\n}\n";
    for (const std::string& p : pipelines)
      text += p;
    FrontEnd fe;
    fe.check(text);
    EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered().substr(0, 2000);
  }
}

TEST(Robustness, LongImportChainsAreLoadedWithoutRecursion) {
  // 20,000 files importing each other in a chain used to overflow the stack in the loader.
  // The imported files are added up front under the paths the loader asks for.
  FrontEnd fe;
  const int n = 20'000;
  for (int i = 0; i < n; ++i) {
    std::string text = i + 1 < n ? "import \"f" + std::to_string(i + 1) + ".pipe\"\n" : "";
    text += "pipeline q" + std::to_string(i) + "() {\n  return 1\n}\n";
    fe.sources.add("/nonexistent/f" + std::to_string(i) + ".pipe", text);
  }
  check::Program* program = fe.check("import \"f0.pipe\"\npipeline main() {\n  return q0()\n}\n");
  ASSERT_NE(program, nullptr);
  EXPECT_FALSE(fe.diags.has_errors()) << fe.rendered().substr(0, 2000);
  EXPECT_EQ(program->files.size(), static_cast<std::size_t>(n + 1));
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
  { std::ofstream out(big, std::ios::binary | std::ios::trunc); }
  ASSERT_EQ(::truncate(big.c_str(), static_cast<off_t>(diag::kMaxSourceBytes + 1)), 0);
  EXPECT_EQ(sources.load(big, error), nullptr);
  EXPECT_EQ(error, "is larger than 256 MiB");
  std::remove(big.c_str());
}

}  // namespace
}  // namespace plumb
