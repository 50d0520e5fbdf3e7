// String built-ins: starts_with, ends_with, lower, upper, trim, split, join, replace and
// shell_quote.
#include <gtest/gtest.h>

#include "builtins_testing.hpp"

namespace plumb::builtins {
namespace {

using namespace plumb::testing;

TEST(BuiltinsText, StartsAndEndsWith) {
  EXPECT_SAME(call("starts_with", {S("hello"), S("he")}), B(true));
  EXPECT_SAME(call("starts_with", {S("hello"), S("")}), B(true));
  EXPECT_SAME(call("starts_with", {S("he"), S("hello")}), B(false));
  EXPECT_SAME(call("ends_with", {S("hello"), S("llo")}), B(true));
  EXPECT_SAME(call("ends_with", {S("hello"), S("hel")}), B(false));
  EXPECT_VALUE_ERROR(call("starts_with", {I(1), S("1")}), "type",
                     "`starts_with` needs a `str`, not `int`");
  EXPECT_VALUE_ERROR(call("ends_with", {S("1"), N()}), "type",
                     "argument 2 of `ends_with` must be a `str`, not `null`");
}

TEST(BuiltinsText, LowerAndUpper) {
  EXPECT_SAME(call("lower", {S("Hello ÀÉ ΣΩ ПРИВЕТ Ł")}), S("hello àé σω привет ł"));
  EXPECT_SAME(call("upper", {S("hello àé σω привет ł")}), S("HELLO ÀÉ ΣΩ ПРИВЕТ Ł"));
  EXPECT_SAME(call("upper", {S("a\xFF")}), S("A\xFF"));
  EXPECT_VALUE_ERROR(call("lower", {I(1)}), "type", "`lower` needs a `str`, not `int`");
  EXPECT_VALUE_ERROR(call("upper", {L({})}), "type", "`upper` needs a `str`, not `list`");
}

TEST(BuiltinsText, Trim) {
  EXPECT_SAME(call("trim", {S("  \t hi there \r\n")}), S("hi there"));
  EXPECT_SAME(call("trim", {S("\xC2\xA0hi\xE3\x80\x80")}), S("hi"));
  EXPECT_SAME(call("trim", {S("   ")}), S(""));
  Value unchanged = S("x");
  EXPECT_EQ(call("trim", {unchanged}).object(), unchanged.object());
  EXPECT_VALUE_ERROR(call("trim", {N()}), "type", "`trim` needs a `str`, not `null`");
}

TEST(BuiltinsText, SplitOnWhiteSpace) {
  EXPECT_SAME(call("split", {S("  a b\t\tc\n")}), L({S("a"), S("b"), S("c")}));
  EXPECT_SAME(call("split", {S("one\xC2\xA0two\xE3\x80\x80three")}),
              L({S("one"), S("two"), S("three")}));
  EXPECT_SAME(call("split", {S("")}), L({}));
  EXPECT_SAME(call("split", {S(" \t ")}), L({}));
  EXPECT_SAME(call("split", {S("x\xFFy z")}), L({S("x\xFFy"), S("z")}));
}

TEST(BuiltinsText, SplitOnASeparator) {
  EXPECT_SAME(call("split", {S("a,b,,c"), S(",")}), L({S("a"), S("b"), S(""), S("c")}));
  EXPECT_SAME(call("split", {S(",a,"), S(",")}), L({S(""), S("a"), S("")}));
  EXPECT_SAME(call("split", {S("a--b--c"), S("--")}), L({S("a"), S("b"), S("c")}));
  EXPECT_SAME(call("split", {S("abc"), S(",")}), L({S("abc")}));
  EXPECT_SAME(call("split", {S(""), S(",")}), L({S("")}));
  EXPECT_VALUE_ERROR(call("split", {S("abc"), S("")}), "value",
                     "`split` separator must not be empty");
  EXPECT_VALUE_ERROR(call("split", {S("abc"), I(1)}), "type",
                     "argument 2 of `split` must be a `str`, not `int`");
  EXPECT_VALUE_ERROR(call("split", {I(1)}), "type", "`split` needs a `str`, not `int`");
}

TEST(BuiltinsText, Join) {
  EXPECT_SAME(call("join", {L({S("a"), S("b"), S("c")}), S(", ")}), S("a, b, c"));
  EXPECT_SAME(call("join", {L({S("a"), S("b")})}), S("ab"));
  EXPECT_SAME(call("join", {L({I(1), F(2.0), N(), B(true), S("x"), L({I(3)})}), S("|")}),
              S("1|2.0|null|true|x|[3]"));
  EXPECT_SAME(call("join", {L({}), S(",")}), S(""));
  EXPECT_VALUE_ERROR(call("join", {S("abc"), S(",")}), "type", "`join` needs a `list`, not `str`");
  EXPECT_VALUE_ERROR(call("join", {L({}), I(0)}), "type",
                     "argument 2 of `join` must be a `str`, not `int`");
}

TEST(BuiltinsText, Replace) {
  EXPECT_SAME(call("replace", {S("a-b-c"), S("-"), S("+")}), S("a+b+c"));
  EXPECT_SAME(call("replace", {S("aaaa"), S("aa"), S("b")}), S("bb"));
  EXPECT_SAME(call("replace", {S("héllo"), S("é"), S("e")}), S("hello"));
  EXPECT_SAME(call("replace", {S("abc"), S("b"), S("")}), S("ac"));
  Value unchanged = S("abc");
  EXPECT_EQ(call("replace", {unchanged, S("x"), S("y")}).object(), unchanged.object());
  EXPECT_VALUE_ERROR(call("replace", {S("abc"), S(""), S("x")}), "value",
                     "`replace` needs a non-empty string to replace");
  EXPECT_VALUE_ERROR(call("replace", {S("abc"), S("a"), I(1)}), "type",
                     "argument 3 of `replace` must be a `str`, not `int`");
}

TEST(BuiltinsText, ShellQuote) {
  EXPECT_SAME(call("shell_quote", {S("file-1.txt")}), S("file-1.txt"));
  EXPECT_SAME(call("shell_quote", {S("user@host:/a,b=c%+")}), S("user@host:/a,b=c%+"));
  EXPECT_SAME(call("shell_quote", {S("")}), S("''"));
  EXPECT_SAME(call("shell_quote", {S("a b")}), S("'a b'"));
  EXPECT_SAME(call("shell_quote", {S("x; rm -rf / $(id) `id` \\ \"q\"")}),
              S("'x; rm -rf / $(id) `id` \\ \"q\"'"));
  EXPECT_SAME(call("shell_quote", {S("it's")}), S("'it'\\''s'"));
  EXPECT_SAME(call("shell_quote", {S("a\nb")}), S("'a\nb'"));
  EXPECT_SAME(call("shell_quote", {S("héllo")}), S("'héllo'"));
  EXPECT_VALUE_ERROR(call("shell_quote", {S(std::string("a\0b", 3))}), "value",
                     "`shell_quote`: the string contains a NUL character, which no shell "
                     "argument can hold");
  EXPECT_VALUE_ERROR(call("shell_quote", {I(1)}), "type", "`shell_quote` needs a `str`, not `int`");
}

}  // namespace
}  // namespace plumb::builtins
