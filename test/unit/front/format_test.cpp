// The formatter as a library (compiler/format): format_source's contract with the
// diagnostics it is given, and the comment scanner on strings and interpolations.
#include <gtest/gtest.h>

#include "compiler/format/comments.hpp"
#include "compiler/format/format.hpp"

namespace plumb::format {
namespace {

TEST(Format, ReturnsTheLayoutOfAFileThatParses) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  auto text = format_source(*sources.add("a.pipe", "pipeline main(){x=1 # c\n}"), diags);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(*text, "pipeline main() {\n  x = 1 # c\n}\n");
  EXPECT_EQ(diags.error_count(), 0u);
}

TEST(Format, ReportsTheParseErrorAndReturnsNothing) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  EXPECT_FALSE(format_source(*sources.add("bad.pipe", "pipeline main( {"), diags).has_value());
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0].kind, diag::Kind::Syntax);
}

TEST(Format, ErrorsOfOtherFilesInTheSameSinkDoNotCount) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  EXPECT_FALSE(format_source(*sources.add("bad.pipe", "pipeline"), diags).has_value());
  EXPECT_TRUE(format_source(*sources.add("good.pipe", "pipeline main() {}"), diags).has_value());
}

TEST(Format, AMalformedLiteralIsAnErrorNotALayout) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  const char* text = "pipeline main() { return 99999999999999999999 }";
  EXPECT_FALSE(format_source(*sources.add("big.pipe", text), diags).has_value());
  EXPECT_TRUE(diags.has_errors());
}

TEST(Comments, HashesInStringsAndInterpolationsAreText) {
  std::string_view text =
      "# head\n"
      "x = \"a # b ${ \"c # d\" + y } e\" # tail\n"
      "y = \"${ {k: 1}[\"k\"] }\" # after braces\n"
      "  # indented\n";
  auto comments = find_comments(text);
  ASSERT_EQ(comments.size(), 4u);
  EXPECT_EQ(comments[0].text, "# head");
  EXPECT_FALSE(comments[0].after_code);
  EXPECT_EQ(comments[1].text, "# tail");
  EXPECT_TRUE(comments[1].after_code);
  EXPECT_EQ(comments[1].line, 2u);
  EXPECT_EQ(comments[2].text, "# after braces");
  EXPECT_EQ(comments[2].line, 3u);
  EXPECT_EQ(comments[3].text, "# indented");
  EXPECT_FALSE(comments[3].after_code);
  EXPECT_EQ(comments[3].line, 4u);
}

TEST(Comments, ACommentInsideAnInterpolationIsFound) {
  std::string_view text = "x = \"${a # inside\n}\"\n";
  auto comments = find_comments(text);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].text, "# inside");
  EXPECT_EQ(comments[0].line, 1u);
}

TEST(Comments, InterpolationEndSkipsNestedBracesAndStrings) {
  std::string_view text = "\"${ {a: \"}\"}.a }\"";
  std::uint32_t end = interpolation_end(text, 3);
  EXPECT_EQ(text.substr(end), "}\"");
}

}  // namespace
}  // namespace plumb::format
