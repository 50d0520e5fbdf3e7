// Run-time semantics of the operators (runtime/value/ops.hpp): arithmetic and its overflow
// and division rules, equality and ordering, logic, field access, indexing and to_text.
#include "base/value/ops.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "value_testing.hpp"

namespace plumb::ops {
namespace {

using namespace plumb::testing;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Value op(Binary o, const Value& a, const Value& b) {
  return binary(o, a, b);
}

TEST(Ops, SpellsOperators) {
  EXPECT_EQ(spelling(Binary::IntDiv), "//");
  EXPECT_EQ(spelling(Binary::And), "and");
  EXPECT_EQ(spelling(Binary::Ge), ">=");
  EXPECT_EQ(spelling(Unary::Neg), "-");
  EXPECT_EQ(spelling(Unary::Not), "not");
}

TEST(Ops, AddsNumbersStringsAndLists) {
  EXPECT_SAME(op(Binary::Add, I(2), I(3)), I(5));
  EXPECT_SAME(op(Binary::Add, I(2), F(0.5)), F(2.5));
  EXPECT_SAME(op(Binary::Add, F(0.5), I(2)), F(2.5));
  EXPECT_SAME(op(Binary::Add, F(1.0), F(2.0)), F(3.0));
  EXPECT_SAME(op(Binary::Add, S("ab"), S("cd")), S("abcd"));
  EXPECT_SAME(op(Binary::Add, S(""), S("")), S(""));
  EXPECT_SAME(op(Binary::Add, L({I(1)}), L({S("x"), N()})), L({I(1), S("x"), N()}));
  EXPECT_SAME(op(Binary::Add, L({}), L({})), L({}));
}

TEST(Ops, AddRejectsMixedKinds) {
  EXPECT_VALUE_ERROR(op(Binary::Add, S("a"), I(1)), "type", "cannot add `str` and `int`");
  EXPECT_VALUE_ERROR(op(Binary::Add, B(true), I(1)), "type", "cannot add `bool` and `int`");
  EXPECT_VALUE_ERROR(op(Binary::Add, L({}), S("a")), "type", "cannot add `list` and `str`");
  EXPECT_VALUE_ERROR(op(Binary::Add, N(), N()), "type", "cannot add `null` and `null`");
  EXPECT_VALUE_ERROR(op(Binary::Add, R({}), R({})), "type", "cannot add `record` and `record`");
}

TEST(Ops, IntegerArithmeticIsChecked) {
  EXPECT_SAME(op(Binary::Add, I(INT64_MAX - 1), I(1)), I(INT64_MAX));
  EXPECT_VALUE_ERROR(op(Binary::Add, I(INT64_MAX), I(1)), "overflow", "integer overflow in `+`");
  EXPECT_VALUE_ERROR(op(Binary::Add, I(INT64_MIN), I(-1)), "overflow", "integer overflow in `+`");
  EXPECT_SAME(op(Binary::Sub, I(INT64_MIN + 1), I(1)), I(INT64_MIN));
  EXPECT_VALUE_ERROR(op(Binary::Sub, I(INT64_MIN), I(1)), "overflow", "integer overflow in `-`");
  EXPECT_VALUE_ERROR(op(Binary::Sub, I(0), I(INT64_MIN)), "overflow", "integer overflow in `-`");
  EXPECT_SAME(op(Binary::Mul, I(-3037000499), I(3037000499)), I(-9223372030926249001));
  EXPECT_VALUE_ERROR(op(Binary::Mul, I(INT64_MIN), I(-1)), "overflow", "integer overflow in `*`");
  EXPECT_VALUE_ERROR(op(Binary::Mul, I(1LL << 32), I(1LL << 31)), "overflow",
                     "integer overflow in `*`");
  EXPECT_EQ(add_int(1, 2), 3);
  EXPECT_EQ(sub_int(1, 2), -1);
  EXPECT_EQ(mul_int(-4, 5), -20);
  EXPECT_THROW(add_int(INT64_MAX, INT64_MAX), ValueError);
}

TEST(Ops, SubtractAndMultiplyAreNumericOnly) {
  EXPECT_SAME(op(Binary::Sub, I(5), I(7)), I(-2));
  EXPECT_SAME(op(Binary::Sub, I(5), F(0.5)), F(4.5));
  EXPECT_SAME(op(Binary::Mul, I(6), I(7)), I(42));
  EXPECT_SAME(op(Binary::Mul, F(1.5), I(2)), F(3.0));
  EXPECT_VALUE_ERROR(op(Binary::Sub, S("a"), I(1)), "type", "cannot subtract `int` from `str`");
  EXPECT_VALUE_ERROR(op(Binary::Mul, S("a"), I(3)), "type", "cannot multiply `str` by `int`");
  EXPECT_VALUE_ERROR(op(Binary::Mul, L({}), I(3)), "type", "cannot multiply `list` by `int`");
}

TEST(Ops, DivisionAlwaysGivesAFloat) {
  EXPECT_SAME(op(Binary::Div, I(7), I(2)), F(3.5));
  EXPECT_SAME(op(Binary::Div, I(6), I(3)), F(2.0));
  EXPECT_SAME(op(Binary::Div, F(1.0), I(4)), F(0.25));
  EXPECT_SAME(op(Binary::Div, I(-1), F(8.0)), F(-0.125));
  EXPECT_VALUE_ERROR(op(Binary::Div, I(1), I(0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Div, F(1.0), F(0.0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Div, F(1.0), F(-0.0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Div, F(0.0), I(0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Div, S("a"), I(2)), "type", "cannot divide `str` by `int`");
}

TEST(Ops, FloorDivisionRoundsTowardNegativeInfinity) {
  EXPECT_SAME(op(Binary::IntDiv, I(7), I(2)), I(3));
  EXPECT_SAME(op(Binary::IntDiv, I(-7), I(2)), I(-4));
  EXPECT_SAME(op(Binary::IntDiv, I(7), I(-2)), I(-4));
  EXPECT_SAME(op(Binary::IntDiv, I(-7), I(-2)), I(3));
  EXPECT_SAME(op(Binary::IntDiv, I(-8), I(2)), I(-4));
  EXPECT_SAME(op(Binary::IntDiv, I(INT64_MIN), I(1)), I(INT64_MIN));
  EXPECT_SAME(op(Binary::IntDiv, I(INT64_MIN), I(2)), I(INT64_MIN / 2));
  EXPECT_VALUE_ERROR(op(Binary::IntDiv, I(INT64_MIN), I(-1)), "overflow",
                     "integer overflow in `//`");
  EXPECT_SAME(op(Binary::IntDiv, F(7.5), I(2)), F(3.0));
  EXPECT_SAME(op(Binary::IntDiv, I(-7), F(2.0)), F(-4.0));
  EXPECT_SAME(op(Binary::IntDiv, F(-7.5), F(2.5)), F(-3.0));
  EXPECT_VALUE_ERROR(op(Binary::IntDiv, I(1), I(0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::IntDiv, F(1.0), F(0.0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::IntDiv, S("a"), I(2)), "type",
                     "cannot apply `//` to `str` and `int`");
  EXPECT_EQ(floor_div_int(-1, 3), -1);
}

TEST(Ops, FloatOverflowIsAnErrorLikeIntegerOverflow) {
  EXPECT_VALUE_ERROR(op(Binary::Mul, F(1.7e308), I(10)), "overflow", "float overflow in `*`");
  EXPECT_VALUE_ERROR(op(Binary::Add, F(1.7e308), F(1.7e308)), "overflow", "float overflow in `+`");
  EXPECT_VALUE_ERROR(op(Binary::Sub, F(-1.7e308), F(1.7e308)), "overflow", "float overflow in `-`");
  EXPECT_VALUE_ERROR(op(Binary::Div, F(1e300), F(1e-300)), "overflow", "float overflow in `/`");
  EXPECT_VALUE_ERROR(op(Binary::IntDiv, F(1e300), F(1e-300)), "overflow", "float overflow in `//`");
  EXPECT_SAME(op(Binary::Mul, F(1e308), F(1.5)), F(1.5e308));
  EXPECT_SAME(op(Binary::Div, F(1e-300), F(1e300)), F(0.0));  // underflow to zero is no error
  // An infinite operand can only come from outside plumb (an application's stage).
  EXPECT_VALUE_ERROR(op(Binary::Sub, F(kInf), F(kInf)), "overflow",
                     "float `-` of infinite operands is not a number");
  EXPECT_VALUE_ERROR(op(Binary::Add, F(kInf), I(1)), "overflow", "float overflow in `+`");
}

TEST(Ops, ModuloTakesTheSignOfTheDivisor) {
  EXPECT_SAME(op(Binary::Mod, I(7), I(3)), I(1));
  EXPECT_SAME(op(Binary::Mod, I(-7), I(3)), I(2));
  EXPECT_SAME(op(Binary::Mod, I(7), I(-3)), I(-2));
  EXPECT_SAME(op(Binary::Mod, I(-7), I(-3)), I(-1));
  EXPECT_SAME(op(Binary::Mod, I(6), I(-3)), I(0));
  EXPECT_SAME(op(Binary::Mod, I(INT64_MIN), I(-1)), I(0));
  EXPECT_SAME(op(Binary::Mod, I(INT64_MIN), I(INT64_MAX)), I(INT64_MAX - 1));
  EXPECT_SAME(op(Binary::Mod, F(-7.5), I(2)), F(0.5));
  EXPECT_SAME(op(Binary::Mod, F(7.5), I(-2)), F(-0.5));
  EXPECT_SAME(op(Binary::Mod, F(6.0), F(-3.0)), F(-0.0));
  EXPECT_SAME(op(Binary::Mod, I(-6), F(3.0)), F(0.0));
  EXPECT_VALUE_ERROR(op(Binary::Mod, I(1), I(0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Mod, F(1.5), F(0.0)), "division_by_zero", "division by zero");
  EXPECT_VALUE_ERROR(op(Binary::Mod, S("%d"), I(1)), "type", "cannot apply `%` to `str` and `int`");
  EXPECT_EQ(mod_int(-1, 5), 4);
}

TEST(Ops, EqualityIsDeepAndNumeric) {
  EXPECT_SAME(op(Binary::Eq, I(1), F(1.0)), B(true));
  EXPECT_SAME(op(Binary::Ne, I(1), F(1.5)), B(true));
  EXPECT_SAME(op(Binary::Eq, S("1"), I(1)), B(false));
  EXPECT_SAME(op(Binary::Eq, N(), N()), B(true));
  EXPECT_SAME(op(Binary::Eq, N(), B(false)), B(false));
  EXPECT_SAME(op(Binary::Eq, L({I(1), L({S("a")})}), L({F(1.0), L({S("a")})})), B(true));
  EXPECT_SAME(op(Binary::Eq, R({{"a", I(1)}, {"b", I(2)}}), R({{"a", I(1)}, {"b", I(2)}})),
              B(true));
  EXPECT_SAME(op(Binary::Eq, R({{"a", I(1)}, {"b", I(2)}}), R({{"b", I(2)}, {"a", I(1)}})),
              B(false));
  EXPECT_SAME(op(Binary::Eq, F(kNaN), F(kNaN)), B(false));
  EXPECT_SAME(op(Binary::Ne, F(kNaN), F(kNaN)), B(true));
}

TEST(Ops, OrdersNumbersExactly) {
  EXPECT_SAME(op(Binary::Lt, I(3), F(3.5)), B(true));
  EXPECT_SAME(op(Binary::Gt, I(-3), F(-3.5)), B(true));
  EXPECT_SAME(op(Binary::Le, I(3), F(3.0)), B(true));
  EXPECT_SAME(op(Binary::Ge, F(2.0), I(3)), B(false));
  // 2^53 + 1 is not a double: compared exactly, not after rounding to 2^53.
  EXPECT_SAME(op(Binary::Gt, I(9007199254740993), F(9007199254740992.0)), B(true));
  EXPECT_SAME(op(Binary::Lt, F(9007199254740992.0), I(9007199254740993)), B(true));
  EXPECT_SAME(op(Binary::Lt, I(INT64_MAX), F(9223372036854775808.0)), B(true));
  EXPECT_SAME(op(Binary::Le, I(INT64_MIN), F(-9223372036854775808.0)), B(true));
  EXPECT_SAME(op(Binary::Lt, I(INT64_MIN), F(-9223372036854775808.0)), B(false));
  EXPECT_SAME(op(Binary::Gt, I(INT64_MIN), F(-1e300)), B(true));
  EXPECT_SAME(op(Binary::Lt, I(INT64_MAX), F(kInf)), B(true));
  EXPECT_SAME(op(Binary::Gt, I(0), F(-kInf)), B(true));
  EXPECT_EQ(compare(I(-1), F(-0.5)), -1);
  EXPECT_EQ(compare(F(-0.5), I(-1)), 1);
  EXPECT_EQ(compare(F(0.0), F(-0.0)), 0);
}

TEST(Ops, ComparisonsWithNaNAreFalseButSortingPutsNaNLast) {
  for (Binary o : {Binary::Lt, Binary::Le, Binary::Gt, Binary::Ge}) {
    EXPECT_SAME(op(o, F(kNaN), I(1)), B(false));
    EXPECT_SAME(op(o, F(1.0), F(kNaN)), B(false));
    EXPECT_SAME(op(o, F(kNaN), F(kNaN)), B(false));
  }
  EXPECT_EQ(compare(F(kNaN), I(1)), 1);
  EXPECT_EQ(compare(F(kInf), F(kNaN)), -1);
  EXPECT_EQ(compare(F(kNaN), F(kNaN)), 0);
}

TEST(Ops, OrdersStringsBoolsAndLists) {
  EXPECT_SAME(op(Binary::Lt, S("B"), S("a")), B(true));  // bytewise
  EXPECT_SAME(op(Binary::Lt, S("z"), S("\xC3\xA9")), B(true));
  EXPECT_SAME(op(Binary::Lt, S("ab"), S("abc")), B(true));
  EXPECT_SAME(op(Binary::Ge, S("b"), S("b")), B(true));
  EXPECT_SAME(op(Binary::Lt, B(false), B(true)), B(true));
  EXPECT_SAME(op(Binary::Gt, B(false), B(true)), B(false));
  EXPECT_SAME(op(Binary::Lt, L({I(1), I(2)}), L({I(1), I(3)})), B(true));
  EXPECT_SAME(op(Binary::Lt, L({I(1)}), L({I(1), I(0)})), B(true));
  EXPECT_SAME(op(Binary::Lt, L({}), L({})), B(false));
  EXPECT_SAME(op(Binary::Le, L({}), L({})), B(true));
  EXPECT_SAME(op(Binary::Gt, L({L({S("b")})}), L({L({S("a"), S("z")})})), B(true));
  EXPECT_SAME(op(Binary::Lt, L({I(1), F(kNaN)}), L({I(1), I(2)})), B(false));
  EXPECT_EQ(compare(L({I(2)}), L({F(1.5), S("x")})), 1);
}

TEST(Ops, RejectsComparingUnorderedValues) {
  EXPECT_VALUE_ERROR(op(Binary::Lt, R({}), R({})), "type", "cannot compare `record` with `record`");
  EXPECT_VALUE_ERROR(op(Binary::Ge, N(), N()), "type", "cannot compare `null` with `null`");
  EXPECT_VALUE_ERROR(op(Binary::Gt, I(1), S("1")), "type", "cannot compare `int` with `str`");
  EXPECT_VALUE_ERROR(op(Binary::Le, B(true), I(1)), "type", "cannot compare `bool` with `int`");
  EXPECT_VALUE_ERROR(op(Binary::Lt, L({I(1)}), L({S("a")})), "type",
                     "cannot compare `int` with `str`");
  EXPECT_VALUE_ERROR(compare(I(1), N()), "type", "cannot compare `int` with `null`");
}

TEST(Ops, LogicNeedsBools) {
  EXPECT_SAME(op(Binary::And, B(true), B(true)), B(true));
  EXPECT_SAME(op(Binary::And, B(true), B(false)), B(false));
  EXPECT_SAME(op(Binary::Or, B(false), B(true)), B(true));
  EXPECT_SAME(op(Binary::Or, B(false), B(false)), B(false));
  EXPECT_VALUE_ERROR(op(Binary::And, I(1), B(true)), "type",
                     "`and` needs two `bool` operands, not `int` and `bool`");
  EXPECT_VALUE_ERROR(op(Binary::Or, B(false), N()), "type",
                     "`or` needs two `bool` operands, not `bool` and `null`");
  EXPECT_TRUE(truth(B(true), "if"));
  EXPECT_FALSE(truth(B(false), "if"));
  EXPECT_VALUE_ERROR(truth(I(1), "if"), "type", "`if` must be a `bool`, not `int`");
  EXPECT_VALUE_ERROR(truth(S("yes"), "while"), "type", "`while` must be a `bool`, not `str`");
}

TEST(Ops, UnaryOperators) {
  EXPECT_SAME(unary(Unary::Neg, I(5)), I(-5));
  EXPECT_SAME(unary(Unary::Neg, I(INT64_MAX)), I(-INT64_MAX));
  EXPECT_SAME(unary(Unary::Neg, F(2.5)), F(-2.5));
  EXPECT_SAME(unary(Unary::Neg, F(0.0)), F(-0.0));
  EXPECT_VALUE_ERROR(unary(Unary::Neg, I(INT64_MIN)), "overflow", "integer overflow in `-`");
  EXPECT_VALUE_ERROR(unary(Unary::Neg, S("a")), "type", "cannot negate `str`");
  EXPECT_SAME(unary(Unary::Not, B(true)), B(false));
  EXPECT_SAME(unary(Unary::Not, B(false)), B(true));
  EXPECT_VALUE_ERROR(unary(Unary::Not, I(0)), "type", "`not` needs a `bool`, not `int`");
}

TEST(Ops, ReadsFields) {
  Value r = R({{"name", S("ada")}, {"age", I(36)}});
  EXPECT_SAME(field(r, "name"), S("ada"));
  EXPECT_SAME(field(r, "age"), I(36));
  EXPECT_VALUE_ERROR(field(r, "email"), "missing_field", "record has no field `email`");
  EXPECT_VALUE_ERROR(field(N(), "x"), "type", "cannot read field `x` of `null`");
  EXPECT_VALUE_ERROR(field(I(1), "x"), "type", "cannot read field `x` of `int`");
  EXPECT_VALUE_ERROR(field(L({}), "x"), "type", "cannot read field `x` of `list`");
}

TEST(Ops, IndexesLists) {
  Value xs = L({I(10), I(20), I(30)});
  EXPECT_SAME(index(xs, I(0)), I(10));
  EXPECT_SAME(index(xs, I(2)), I(30));
  EXPECT_SAME(index(xs, I(-1)), I(30));
  EXPECT_SAME(index(xs, I(-3)), I(10));
  EXPECT_VALUE_ERROR(index(xs, I(3)), "index", "index 3 is out of range for a list of 3 items");
  EXPECT_VALUE_ERROR(index(xs, I(-4)), "index", "index -4 is out of range for a list of 3 items");
  EXPECT_VALUE_ERROR(index(L({I(1)}), I(5)), "index",
                     "index 5 is out of range for a list of 1 item");
  EXPECT_VALUE_ERROR(index(L({}), I(INT64_MIN)), "index",
                     "index -9223372036854775808 is out of range for a list of 0 items");
  EXPECT_VALUE_ERROR(index(xs, S("0")), "type", "list index must be an `int`, not `str`");
  EXPECT_VALUE_ERROR(index(xs, F(1.0)), "type", "list index must be an `int`, not `float`");
}

TEST(Ops, IndexesRecordsAndStrings) {
  Value r = R({{"a b", I(1)}});
  EXPECT_SAME(index(r, S("a b")), I(1));
  EXPECT_VALUE_ERROR(index(r, S("c")), "missing_field", "record has no field `c`");
  EXPECT_VALUE_ERROR(index(r, I(0)), "type", "record key must be a `str`, not `int`");
  Value s = S("h\xC3\xA9llo");
  EXPECT_SAME(index(s, I(0)), S("h"));
  EXPECT_SAME(index(s, I(1)), S("\xC3\xA9"));
  EXPECT_SAME(index(s, I(-1)), S("o"));
  EXPECT_SAME(index(s, I(-4)), S("\xC3\xA9"));
  EXPECT_SAME(index(S("a\xFF"
                      "b"),
                    I(1)),
              S("\xFF"));
  EXPECT_VALUE_ERROR(index(s, I(5)), "index",
                     "index 5 is out of range for a string of 5 characters");
  EXPECT_VALUE_ERROR(index(s, I(-6)), "index",
                     "index -6 is out of range for a string of 5 characters");
  EXPECT_VALUE_ERROR(index(S(""), I(0)), "index",
                     "index 0 is out of range for a string of 0 characters");
  EXPECT_VALUE_ERROR(index(s, B(true)), "type", "string index must be an `int`, not `bool`");
  EXPECT_VALUE_ERROR(index(I(5), I(0)), "type", "cannot index `int`");
  EXPECT_VALUE_ERROR(index(N(), I(0)), "type", "cannot index `null`");
}

TEST(Ops, TextOfValues) {
  EXPECT_EQ(to_text(S("as is \"quoted\"")), "as is \"quoted\"");
  EXPECT_EQ(to_text(I(-3)), "-3");
  EXPECT_EQ(to_text(F(1.0)), "1.0");
  EXPECT_EQ(to_text(F(0.5)), "0.5");
  EXPECT_EQ(to_text(B(true)), "true");
  EXPECT_EQ(to_text(N()), "null");
  EXPECT_EQ(to_text(L({I(1), S("a")})), "[1, \"a\"]");
  EXPECT_EQ(to_text(R({{"k", F(2.0)}})), "{\"k\": 2.0}");
}

}  // namespace
}  // namespace plumb::ops
