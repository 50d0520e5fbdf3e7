// The cursor's context read from text (cursor_context.hpp): words, attributes, comments,
// strings with interpolations, and the call and argument around the cursor.
#include <gtest/gtest.h>

#include "compiler/lsp/cursor_context.hpp"

namespace plumb::lsp {
namespace {

CursorContext at_end(const std::string& text) {
  return cursor_context(text, static_cast<std::uint32_t>(text.size()));
}

TEST(CursorContext, Words) {
  EXPECT_EQ(at_end("  x = io.re").word, "io.re");
  EXPECT_TRUE(at_end("  @ret").after_at);
  EXPECT_EQ(at_end("  @ret").word, "ret");
  EXPECT_EQ(at_end("x = ").word, "");
}

TEST(CursorContext, CommentsAndStrings) {
  EXPECT_TRUE(at_end("x = 1 # a (").in_comment);
  EXPECT_FALSE(at_end("x = 1 # a\ny = ").in_comment);
  EXPECT_TRUE(at_end("x = \"a ( b").in_string);
  EXPECT_FALSE(at_end("x = \"a ${f(").in_string);
  EXPECT_EQ(at_end("x = \"a ${f(").callee, "f");
  EXPECT_TRUE(at_end("x = \"a ${y} b").in_string);
  EXPECT_FALSE(at_end("x = \"a \\\" b\" + ").in_string);
}

TEST(CursorContext, CallsAndArguments) {
  auto c = at_end("x = text.split(s, max_chars: 3, ");
  EXPECT_EQ(c.callee, "text.split");
  EXPECT_EQ(c.argument, 2u);
  EXPECT_EQ(c.keywords_given, std::vector<std::string>{"max_chars"});
  EXPECT_TRUE(c.argument_start);
  auto k = at_end("x = f(a, over: ");
  EXPECT_EQ(k.keyword, "over");
  EXPECT_FALSE(k.argument_start);
  EXPECT_EQ(at_end("x = f(g(1), [1, ").callee, "");  // in a list inside the call
  EXPECT_EQ(at_end("x = f(g(1), {k: ").keyword, "");
  EXPECT_EQ(at_end("x = f(1) + ").callee, "");
  EXPECT_EQ(at_end("x = f(a, b").argument, 1u);
  EXPECT_TRUE(at_end("x = f(a, b").argument_start);  // `b` may begin a keyword
  EXPECT_FALSE(at_end("x = f(a, b + ").argument_start);
}

}  // namespace
}  // namespace plumb::lsp
