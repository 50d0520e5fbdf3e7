// Numeric built-ins: abs, min, max, round, floor, ceil, sqrt, sum, mean and range.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "builtins_testing.hpp"

namespace plumb::builtins {
namespace {

using namespace plumb::testing;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(BuiltinsMath, Abs) {
  EXPECT_SAME(call("abs", {I(-5)}), I(5));
  EXPECT_SAME(call("abs", {I(INT64_MAX)}), I(INT64_MAX));
  EXPECT_SAME(call("abs", {F(-2.5)}), F(2.5));
  EXPECT_SAME(call("abs", {F(-0.0)}), F(0.0));
  EXPECT_VALUE_ERROR(call("abs", {I(INT64_MIN)}), "overflow", "integer overflow in `abs`");
  EXPECT_VALUE_ERROR(call("abs", {S("-1")}), "type", "`abs` needs a number, not `str`");
}

TEST(BuiltinsMath, MinAndMaxOfAList) {
  EXPECT_SAME(call("min", {L({I(3), F(1.5), I(2)})}), F(1.5));
  EXPECT_SAME(call("max", {L({I(3), F(1.5), I(2)})}), I(3));
  EXPECT_SAME(call("min", {L({S("b"), S("a"), S("c")})}), S("a"));
  EXPECT_SAME(call("max", {L({L({I(1)}), L({I(1), I(0)})})}), L({I(1), I(0)}));
  EXPECT_SAME(call("min", {L({R({})})}), R({}));  // one item: nothing to compare
  EXPECT_VALUE_ERROR(call("min", {L({})}), "value", "`min` of an empty list");
  EXPECT_VALUE_ERROR(call("max", {L({})}), "value", "`max` of an empty list");
  EXPECT_VALUE_ERROR(call("min", {I(5)}), "type", "`min` needs a `list`, not `int`");
  EXPECT_VALUE_ERROR(call("max", {L({I(1), S("a")})}), "type", "cannot compare `str` with `int`");
}

TEST(BuiltinsMath, MinAndMaxOfArgumentsKeepTheFirstOfEquals) {
  EXPECT_SAME(call("min", {I(3), I(1), I(2)}), I(1));
  EXPECT_SAME(call("max", {I(3), I(1), F(3.5)}), F(3.5));
  EXPECT_SAME(call("min", {I(1), F(1.0)}), I(1));
  EXPECT_SAME(call("min", {F(1.0), I(1)}), F(1.0));
  EXPECT_SAME(call("max", {I(2), F(2.0)}), I(2));
  EXPECT_SAME(call("max", {L({F(2.0), I(2)})}), F(2.0));
  EXPECT_SAME(call("max", {B(false), B(true)}), B(true));
  EXPECT_SAME(call("min", {F(kNaN), I(1)}), I(1));  // NaN sorts last
  EXPECT_VALUE_ERROR(call("min", {N(), N()}), "type", "cannot compare `null` with `null`");
}

TEST(BuiltinsMath, RoundToAnInteger) {
  EXPECT_SAME(call("round", {F(2.5)}), I(3));
  EXPECT_SAME(call("round", {F(-2.5)}), I(-3));
  EXPECT_SAME(call("round", {F(0.5)}), I(1));
  EXPECT_SAME(call("round", {F(1.4999)}), I(1));
  EXPECT_SAME(call("round", {F(-0.4)}), I(0));
  EXPECT_SAME(call("round", {I(7)}), I(7));
  EXPECT_VALUE_ERROR(call("round", {F(kNaN)}), "value", "cannot convert `nan` to `int`");
  EXPECT_VALUE_ERROR(call("round", {F(1e300)}), "value", "cannot convert `1e+300` to `int`");
  EXPECT_VALUE_ERROR(call("round", {S("1")}), "type", "`round` needs a number, not `str`");
}

TEST(BuiltinsMath, RoundToDecimals) {
  EXPECT_SAME(call("round", {F(2.675), I(2)}), F(2.68));  // as written, not as stored
  EXPECT_SAME(call("round", {F(-2.675), I(2)}), F(-2.68));
  EXPECT_SAME(call("round", {F(0.125), I(2)}), F(0.13));
  EXPECT_SAME(call("round", {F(1.005), I(2)}), F(1.01));
  EXPECT_SAME(call("round", {F(3.14159), I(3)}), F(3.142));
  EXPECT_SAME(call("round", {F(9.96), I(1)}), F(10.0));
  EXPECT_SAME(call("round", {F(0.05), I(1)}), F(0.1));
  EXPECT_SAME(call("round", {F(0.04), I(1)}), F(0.0));
  EXPECT_SAME(call("round", {F(-0.04), I(1)}), F(-0.0));
  EXPECT_SAME(call("round", {F(2.5), I(0)}), F(3.0));
  EXPECT_SAME(call("round", {F(1234.5), I(-2)}), F(1200.0));
  EXPECT_SAME(call("round", {I(1250), I(-2)}), F(1300.0));
  EXPECT_SAME(call("round", {I(5), I(2)}), F(5.0));
  EXPECT_SAME(call("round", {F(0.1), I(20)}), F(0.1));
  EXPECT_SAME(call("round", {F(123.0), I(-1000)}), F(0.0));
  EXPECT_SAME(call("round", {F(5e-324), I(400)}), F(5e-324));
  EXPECT_TRUE(std::isnan(call("round", {F(kNaN), I(2)}).as_float()));
  EXPECT_SAME(call("round", {F(kInf), I(2)}), F(kInf));
  EXPECT_VALUE_ERROR(call("round", {F(1.7976931348623157e308), I(-308)}), "overflow",
                     "float overflow in `round`");
  EXPECT_VALUE_ERROR(call("round", {F(1.5), F(1.0)}), "type",
                     "argument 2 of `round` must be an `int`, not `float`");
}

TEST(BuiltinsMath, FloorAndCeil) {
  EXPECT_SAME(call("floor", {F(2.7)}), I(2));
  EXPECT_SAME(call("floor", {F(-2.1)}), I(-3));
  EXPECT_SAME(call("ceil", {F(2.1)}), I(3));
  EXPECT_SAME(call("ceil", {F(-2.7)}), I(-2));
  EXPECT_SAME(call("floor", {I(INT64_MIN)}), I(INT64_MIN));
  EXPECT_SAME(call("ceil", {I(INT64_MAX)}), I(INT64_MAX));
  EXPECT_VALUE_ERROR(call("floor", {F(-1e19)}), "value", "cannot convert `-1e+19` to `int`");
  EXPECT_VALUE_ERROR(call("ceil", {F(kInf)}), "value", "cannot convert `inf` to `int`");
  EXPECT_VALUE_ERROR(call("ceil", {N()}), "type", "`ceil` needs a number, not `null`");
}

TEST(BuiltinsMath, Sqrt) {
  EXPECT_SAME(call("sqrt", {I(16)}), F(4.0));
  EXPECT_SAME(call("sqrt", {F(2.25)}), F(1.5));
  EXPECT_SAME(call("sqrt", {F(-0.0)}), F(-0.0));
  EXPECT_VALUE_ERROR(call("sqrt", {I(-4)}), "value", "`sqrt` needs a number >= 0, not `-4`");
  EXPECT_VALUE_ERROR(call("sqrt", {F(-0.5)}), "value", "`sqrt` needs a number >= 0, not `-0.5`");
  EXPECT_VALUE_ERROR(call("sqrt", {S("4")}), "type", "`sqrt` needs a number, not `str`");
}

TEST(BuiltinsMath, Sum) {
  EXPECT_SAME(call("sum", {L({})}), I(0));
  EXPECT_SAME(call("sum", {L({I(1), I(2), I(3)})}), I(6));
  EXPECT_SAME(call("sum", {L({I(1), F(2.5)})}), F(3.5));
  EXPECT_SAME(call("sum", {L({F(0.5), I(1)})}), F(1.5));
  EXPECT_SAME(call("sum", {L({F(1.0), F(2.0)})}), F(3.0));
  EXPECT_VALUE_ERROR(call("sum", {L({I(INT64_MAX), I(1)})}), "overflow",
                     "integer overflow in `sum`");
  EXPECT_SAME(call("sum", {L({F(1.0), I(INT64_MAX), I(INT64_MAX)})}),
              F(1.0 + 2 * 9223372036854775807.0));
  EXPECT_VALUE_ERROR(call("sum", {L({I(1), S("2")})}), "type",
                     "`sum` needs numbers, found `str` at index 1");
  EXPECT_VALUE_ERROR(call("sum", {L({B(true)})}), "type",
                     "`sum` needs numbers, found `bool` at index 0");
  EXPECT_VALUE_ERROR(call("sum", {I(1)}), "type", "`sum` needs a `list`, not `int`");
}

TEST(BuiltinsMath, Mean) {
  EXPECT_SAME(call("mean", {L({I(1), I(2)})}), F(1.5));
  EXPECT_SAME(call("mean", {L({F(2.0)})}), F(2.0));
  EXPECT_SAME(call("mean", {L({I(1), F(2.0), I(3)})}), F(2.0));
  EXPECT_VALUE_ERROR(call("mean", {L({})}), "value", "`mean` of an empty list");
  EXPECT_VALUE_ERROR(call("mean", {L({N()})}), "type",
                     "`mean` needs numbers, found `null` at index 0");
  EXPECT_VALUE_ERROR(call("mean", {S("12")}), "type", "`mean` needs a `list`, not `str`");
}

TEST(BuiltinsMath, RangeIsLikePython) {
  EXPECT_SAME(call("range", {I(4)}), L({I(0), I(1), I(2), I(3)}));
  EXPECT_SAME(call("range", {I(0)}), L({}));
  EXPECT_SAME(call("range", {I(-3)}), L({}));
  EXPECT_SAME(call("range", {I(2), I(5)}), L({I(2), I(3), I(4)}));
  EXPECT_SAME(call("range", {I(5), I(2)}), L({}));
  EXPECT_SAME(call("range", {I(0), I(10), I(3)}), L({I(0), I(3), I(6), I(9)}));
  EXPECT_SAME(call("range", {I(10), I(0), I(-4)}), L({I(10), I(6), I(2)}));
  EXPECT_SAME(call("range", {I(0), I(10), I(-1)}), L({}));
  EXPECT_SAME(call("range", {I(INT64_MAX - 2), I(INT64_MAX)}),
              L({I(INT64_MAX - 2), I(INT64_MAX - 1)}));
  EXPECT_SAME(call("range", {I(INT64_MIN), I(INT64_MAX), I(INT64_MAX)}),
              L({I(INT64_MIN), I(-1), I(INT64_MAX - 1)}));
  EXPECT_SAME(call("range", {I(INT64_MAX), I(INT64_MIN), I(INT64_MIN)}), L({I(INT64_MAX), I(-1)}));
}

TEST(BuiltinsMath, RangeErrors) {
  EXPECT_VALUE_ERROR(call("range", {I(0), I(10), I(0)}), "value", "`range` step must not be zero");
  EXPECT_VALUE_ERROR(call("range", {I(100'000'001)}), "value",
                     "`range` would make 100000001 items, more than 100000000");
  EXPECT_VALUE_ERROR(call("range", {I(INT64_MIN), I(INT64_MAX)}), "value",
                     "`range` would make 18446744073709551615 items, more than 100000000");
  EXPECT_VALUE_ERROR(call("range", {F(3.0)}), "type", "`range` needs an `int`, not `float`");
  EXPECT_VALUE_ERROR(call("range", {I(0), S("3")}), "type",
                     "argument 2 of `range` must be an `int`, not `str`");
  EXPECT_VALUE_ERROR(call("range", {I(0), I(3), N()}), "type",
                     "argument 3 of `range` must be an `int`, not `null`");
}

}  // namespace
}  // namespace plumb::builtins
