// The built-in table and the conversion and inspection built-ins: len, str, int, float, bool,
// contains, to_json, from_json and now.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "builtins_testing.hpp"

namespace plumb::builtins {
namespace {

using namespace plumb::testing;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(Builtins, TableHoldsEveryFunctionOfTheLanguage) {
  const std::set<std::string_view> expected = {
      "len",       "str",        "int",     "float",     "bool",  "abs",      "min",
      "max",       "round",      "floor",   "ceil",      "sqrt",  "contains", "starts_with",
      "ends_with", "lower",      "upper",   "trim",      "split", "join",     "replace",
      "keys",      "values",     "get",     "range",     "sum",   "mean",     "sort",
      "reverse",   "slice",      "flatten", "enumerate", "zip",   "to_json",  "from_json",
      "now",       "shell_quote"};
  std::set<std::string_view> names;
  for (const Builtin& b : all()) {
    EXPECT_TRUE(names.insert(b.name).second) << "duplicate " << b.name;
    EXPECT_FALSE(b.signature.empty()) << b.name;
    EXPECT_FALSE(b.summary.empty()) << b.name;
    EXPECT_TRUE(b.signature.starts_with(b.name)) << b.name;
    EXPECT_LE(b.min_args, b.max_args) << b.name;
    EXPECT_EQ(b.deterministic, b.name != "now") << b.name;
    EXPECT_EQ(&get(find(b.name)), &b);
  }
  EXPECT_EQ(names, expected);
  EXPECT_EQ(find("no_such_function"), -1);
}

TEST(Builtins, Arity) {
  EXPECT_EQ(builtin("len").min_args, 1);
  EXPECT_EQ(builtin("len").max_args, 1);
  EXPECT_EQ(builtin("min").max_args, kVariadic);
  EXPECT_EQ(builtin("zip").min_args, 2);
  EXPECT_EQ(builtin("zip").max_args, kVariadic);
  EXPECT_EQ(builtin("range").min_args, 1);
  EXPECT_EQ(builtin("range").max_args, 3);
  EXPECT_EQ(builtin("get").max_args, 3);
  EXPECT_EQ(builtin("now").max_args, 0);
}

TEST(Builtins, Len) {
  EXPECT_SAME(call("len", {S("h\xC3\xA9llo")}), I(5));
  EXPECT_SAME(call("len", {S("")}), I(0));
  EXPECT_SAME(call("len", {L({I(1), N()})}), I(2));
  EXPECT_SAME(call("len", {R({{"a", I(1)}})}), I(1));
  EXPECT_VALUE_ERROR(call("len", {I(5)}), "type",
                     "`len` needs a `str`, `list` or `record`, not `int`");
  EXPECT_VALUE_ERROR(call("len", {N()}), "type",
                     "`len` needs a `str`, `list` or `record`, not `null`");
}

TEST(Builtins, Str) {
  Value s = S("text");
  EXPECT_EQ(call("str", {s}).object(), s.object());
  EXPECT_SAME(call("str", {I(1)}), S("1"));
  EXPECT_SAME(call("str", {F(1.0)}), S("1.0"));
  EXPECT_SAME(call("str", {B(false)}), S("false"));
  EXPECT_SAME(call("str", {N()}), S("null"));
  EXPECT_SAME(call("str", {L({I(1), S("a")})}), S("[1, \"a\"]"));
}

TEST(Builtins, IntFromNumbersAndBools) {
  EXPECT_SAME(call("int", {I(7)}), I(7));
  EXPECT_SAME(call("int", {F(3.9)}), I(3));
  EXPECT_SAME(call("int", {F(-3.9)}), I(-3));
  EXPECT_SAME(call("int", {F(-9223372036854775808.0)}), I(INT64_MIN));
  EXPECT_SAME(call("int", {B(true)}), I(1));
  EXPECT_SAME(call("int", {B(false)}), I(0));
  EXPECT_VALUE_ERROR(call("int", {F(kNaN)}), "value", "cannot convert `nan` to `int`");
  EXPECT_VALUE_ERROR(call("int", {F(-kInf)}), "value", "cannot convert `-inf` to `int`");
  EXPECT_VALUE_ERROR(call("int", {F(1e19)}), "value", "cannot convert `1e+19` to `int`");
  EXPECT_VALUE_ERROR(call("int", {F(9223372036854775808.0)}), "value",
                     "cannot convert `9.223372036854776e+18` to `int`");
  EXPECT_VALUE_ERROR(call("int", {N()}), "type",
                     "`int` needs a number, `str` or `bool`, not `null`");
  EXPECT_VALUE_ERROR(call("int", {L({})}), "type",
                     "`int` needs a number, `str` or `bool`, not `list`");
}

TEST(Builtins, IntParsesStrictDecimals) {
  EXPECT_SAME(call("int", {S("42")}), I(42));
  EXPECT_SAME(call("int", {S(" -17 \n")}), I(-17));
  EXPECT_SAME(call("int", {S("+5")}), I(5));
  EXPECT_SAME(call("int", {S("007")}), I(7));
  EXPECT_SAME(call("int", {S("9223372036854775807")}), I(INT64_MAX));
  EXPECT_SAME(call("int", {S("-9223372036854775808")}), I(INT64_MIN));
  EXPECT_VALUE_ERROR(call("int", {S("abc")}), "value", "cannot convert `\"abc\"` to `int`");
  for (std::string_view bad : {"", " ", "1.5", "1_000", "+-1", "-", "1e3", "0x10", "12a",
                               "9223372036854775808", "-9223372036854775809",
                               "\xC2\xA0"
                               "1"}) {
    EXPECT_VALUE_ERROR(call("int", {S(bad)}), "value",
                       "cannot convert `" + to_json(S(bad)) + "` to `int`");
  }
}

TEST(Builtins, Float) {
  EXPECT_SAME(call("float", {I(2)}), F(2.0));
  EXPECT_SAME(call("float", {F(2.5)}), F(2.5));
  EXPECT_SAME(call("float", {B(true)}), F(1.0));
  EXPECT_SAME(call("float", {S("1e3")}), F(1000.0));
  EXPECT_SAME(call("float", {S(" 2.5\t")}), F(2.5));
  EXPECT_SAME(call("float", {S("-.5")}), F(-0.5));
  EXPECT_SAME(call("float", {S("+7")}), F(7.0));
  EXPECT_SAME(call("float", {S("-0")}), F(-0.0));
  for (std::string_view bad :
       {"inf", "-inf", "nan", "1e400", "abc", "", "1.2.3", "0x1p3", "+-1", "--1", "1,5"}) {
    EXPECT_VALUE_ERROR(call("float", {S(bad)}), "value",
                       "cannot convert `" + to_json(S(bad)) + "` to `float`");
  }
  EXPECT_VALUE_ERROR(call("float", {R({})}), "type",
                     "`float` needs a number, `str` or `bool`, not `record`");
}

TEST(Builtins, Bool) {
  EXPECT_SAME(call("bool", {B(true)}), B(true));
  EXPECT_SAME(call("bool", {I(0)}), B(false));
  EXPECT_SAME(call("bool", {I(-2)}), B(true));
  EXPECT_SAME(call("bool", {F(0.0)}), B(false));
  EXPECT_SAME(call("bool", {F(-0.0)}), B(false));
  EXPECT_SAME(call("bool", {F(kNaN)}), B(true));
  EXPECT_SAME(call("bool", {S("true")}), B(true));
  EXPECT_SAME(call("bool", {S("TRUE")}), B(true));
  EXPECT_SAME(call("bool", {S("False")}), B(false));
  EXPECT_VALUE_ERROR(call("bool", {S("yes")}), "value", "cannot convert `\"yes\"` to `bool`");
  EXPECT_VALUE_ERROR(call("bool", {S(" true")}), "value", "cannot convert `\" true\"` to `bool`");
  EXPECT_VALUE_ERROR(call("bool", {S("")}), "value", "cannot convert `\"\"` to `bool`");
  EXPECT_SAME(call("bool", {N()}), B(false));
  EXPECT_SAME(call("bool", {L({})}), B(false));
  EXPECT_SAME(call("bool", {L({B(false)})}), B(true));
  EXPECT_SAME(call("bool", {R({})}), B(false));
  EXPECT_SAME(call("bool", {R({{"a", N()}})}), B(true));
}

TEST(Builtins, ConversionMessagesShortenLongValues) {
  std::string long_text(100, 'x');
  EXPECT_VALUE_ERROR(call("int", {S(long_text)}), "value",
                     "cannot convert `\"" + std::string(56, 'x') + "...` to `int`");
}

TEST(Builtins, Contains) {
  EXPECT_SAME(call("contains", {S("hello"), S("ell")}), B(true));
  EXPECT_SAME(call("contains", {S("hello"), S("")}), B(true));
  EXPECT_SAME(call("contains", {S("hello"), S("xyz")}), B(false));
  EXPECT_SAME(call("contains", {L({I(1), S("a")}), F(1.0)}), B(true));
  EXPECT_SAME(call("contains", {L({L({I(1)})}), L({I(1)})}), B(true));
  EXPECT_SAME(call("contains", {L({I(1)}), S("1")}), B(false));
  EXPECT_SAME(call("contains", {R({{"k", N()}}), S("k")}), B(true));
  EXPECT_SAME(call("contains", {R({{"k", N()}}), S("v")}), B(false));
  EXPECT_VALUE_ERROR(call("contains", {S("abc"), I(1)}), "type",
                     "argument 2 of `contains` must be a `str`, not `int`");
  EXPECT_VALUE_ERROR(call("contains", {R({}), I(1)}), "type",
                     "argument 2 of `contains` must be a `str`, not `int`");
  EXPECT_VALUE_ERROR(call("contains", {I(5), I(5)}), "type",
                     "`contains` needs a `str`, `list` or `record`, not `int`");
}

TEST(Builtins, Json) {
  Value v = R({{"a", L({I(1), F(2.0), N()})}});
  EXPECT_SAME(call("to_json", {v}), S("{\"a\": [1, 2.0, null]}"));
  EXPECT_SAME(call("to_json", {S("x")}), S("\"x\""));
  EXPECT_SAME(call("from_json", {call("to_json", {v})}), v);
  EXPECT_SAME(call("from_json", {S("3")}), I(3));
  EXPECT_VALUE_ERROR(call("from_json", {S("[1,]")}), "value",
                     "invalid JSON at 1:4: syntax error while parsing value - unexpected ']'; "
                     "expected '[', '{', or a literal");
  EXPECT_VALUE_ERROR(call("from_json", {S("{\n\"a\" 1}")}), "value",
                     "invalid JSON at 2:5: syntax error while parsing object separator - "
                     "unexpected number literal; expected ':'");
  EXPECT_VALUE_ERROR(call("from_json", {I(1)}), "type", "`from_json` needs a `str`, not `int`");
}

TEST(Builtins, Now) {
  double before =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  Value now = builtin("now").call({});
  ASSERT_TRUE(now.is_float());
  EXPECT_GE(now.as_float(), before);
  EXPECT_LT(now.as_float(), before + 60);
  EXPECT_GT(now.as_float(), 1.7e9);
}

}  // namespace
}  // namespace plumb::builtins
