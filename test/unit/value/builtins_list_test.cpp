// List and record built-ins: keys, values, get, sort, reverse, slice, flatten, enumerate, zip.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "builtins_testing.hpp"

namespace plumb::builtins {
namespace {

using namespace plumb::testing;

TEST(BuiltinsList, KeysAndValues) {
  Value r = R({{"b", I(1)}, {"a", S("x")}});
  EXPECT_SAME(call("keys", {r}), L({S("b"), S("a")}));
  EXPECT_SAME(call("values", {r}), L({I(1), S("x")}));
  EXPECT_SAME(call("keys", {R({})}), L({}));
  EXPECT_VALUE_ERROR(call("keys", {L({})}), "type", "`keys` needs a `record`, not `list`");
  EXPECT_VALUE_ERROR(call("values", {N()}), "type", "`values` needs a `record`, not `null`");
}

TEST(BuiltinsList, GetFromRecords) {
  Value r = R({{"a", I(1)}, {"n", N()}});
  EXPECT_SAME(call("get", {r, S("a")}), I(1));
  EXPECT_SAME(call("get", {r, S("zz")}), N());
  EXPECT_SAME(call("get", {r, S("zz"), I(0)}), I(0));
  EXPECT_SAME(call("get", {r, S("n"), I(0)}), N());  // present, even if null
  EXPECT_VALUE_ERROR(call("get", {r, I(0)}), "type",
                     "argument 2 of `get` must be a `str`, not `int`");
}

TEST(BuiltinsList, GetFromLists) {
  Value xs = L({S("a"), S("b"), S("c")});
  EXPECT_SAME(call("get", {xs, I(1)}), S("b"));
  EXPECT_SAME(call("get", {xs, I(-1)}), S("c"));
  EXPECT_SAME(call("get", {xs, I(3)}), N());
  EXPECT_SAME(call("get", {xs, I(-4), S("none")}), S("none"));
  EXPECT_SAME(call("get", {xs, I(INT64_MIN), I(0)}), I(0));
  EXPECT_VALUE_ERROR(call("get", {xs, S("0")}), "type",
                     "argument 2 of `get` must be an `int`, not `str`");
  EXPECT_VALUE_ERROR(call("get", {S("abc"), I(0)}), "type",
                     "`get` needs a `record` or `list`, not `str`");
  EXPECT_VALUE_ERROR(call("get", {N(), S("a"), I(1)}), "type",
                     "`get` needs a `record` or `list`, not `null`");
}

TEST(BuiltinsList, SortIsStableAndAscending) {
  EXPECT_SAME(call("sort", {L({I(3), F(1.5), I(2), I(-1)})}), L({I(-1), F(1.5), I(2), I(3)}));
  EXPECT_SAME(call("sort", {L({I(1), F(1.0), I(0), F(0.0)})}), L({I(0), F(0.0), I(1), F(1.0)}));
  EXPECT_SAME(call("sort", {L({S("b"), S("B"), S("a")})}), L({S("B"), S("a"), S("b")}));
  EXPECT_SAME(call("sort", {L({L({I(2)}), L({I(1), I(5)}), L({I(1)})})}),
              L({L({I(1)}), L({I(1), I(5)}), L({I(2)})}));
  EXPECT_SAME(call("sort", {L({})}), L({}));
  EXPECT_SAME(call("sort", {L({R({})})}), L({R({})}));
  double nan = std::numeric_limits<double>::quiet_NaN();
  Value sorted = call("sort", {L({F(nan), I(2), F(1.0)})});
  EXPECT_SAME(sorted.as_list()[0], F(1.0));
  EXPECT_SAME(sorted.as_list()[1], I(2));
  EXPECT_TRUE(std::isnan(sorted.as_list()[2].as_float()));
  EXPECT_VALUE_ERROR(call("sort", {L({I(1), S("a")})}), "type", "cannot compare `str` with `int`");
  EXPECT_VALUE_ERROR(call("sort", {L({R({}), R({})})}), "type",
                     "cannot compare `record` with `record`");
  EXPECT_VALUE_ERROR(call("sort", {S("cba")}), "type", "`sort` needs a `list`, not `str`");
}

TEST(BuiltinsList, Reverse) {
  EXPECT_SAME(call("reverse", {L({I(1), S("a"), N()})}), L({N(), S("a"), I(1)}));
  EXPECT_SAME(call("reverse", {L({})}), L({}));
  EXPECT_SAME(call("reverse", {S("h\xC3\xA9llo \xE4\xB8\xAD")}), S("\xE4\xB8\xAD oll\xC3\xA9h"));
  EXPECT_SAME(call("reverse", {S("a\xFF"
                                 "b")}),
              S("b\xFF"
                "a"));
  EXPECT_SAME(call("reverse", {S("")}), S(""));
  EXPECT_VALUE_ERROR(call("reverse", {I(12)}), "type",
                     "`reverse` needs a `list` or `str`, not `int`");
}

TEST(BuiltinsList, SliceLists) {
  Value xs = L({I(0), I(1), I(2), I(3), I(4)});
  EXPECT_SAME(call("slice", {xs, I(1), I(3)}), L({I(1), I(2)}));
  EXPECT_SAME(call("slice", {xs, I(2)}), L({I(2), I(3), I(4)}));
  EXPECT_SAME(call("slice", {xs, I(-2)}), L({I(3), I(4)}));
  EXPECT_SAME(call("slice", {xs, I(0), I(-1)}), L({I(0), I(1), I(2), I(3)}));
  EXPECT_SAME(call("slice", {xs, I(-100), I(100)}), xs);
  EXPECT_SAME(call("slice", {xs, I(3), I(1)}), L({}));
  EXPECT_SAME(call("slice", {xs, I(10)}), L({}));
  EXPECT_SAME(call("slice", {xs, N(), I(2)}), L({I(0), I(1)}));
  EXPECT_SAME(call("slice", {xs, I(1), N()}), L({I(1), I(2), I(3), I(4)}));
  EXPECT_SAME(call("slice", {xs, I(INT64_MIN), I(INT64_MAX)}), xs);
  EXPECT_VALUE_ERROR(call("slice", {xs, S("1")}), "type",
                     "argument 2 of `slice` must be an `int` or `null`, not `str`");
  EXPECT_VALUE_ERROR(call("slice", {xs, I(0), F(2.0)}), "type",
                     "argument 3 of `slice` must be an `int` or `null`, not `float`");
  EXPECT_VALUE_ERROR(call("slice", {R({}), I(0)}), "type",
                     "`slice` needs a `list` or `str`, not `record`");
}

TEST(BuiltinsList, SliceStringsByCodePoint) {
  Value s = S("h\xC3\xA9llo w\xC3\xB6rld");
  EXPECT_SAME(call("slice", {s, I(1), I(4)}), S("\xC3\xA9ll"));
  EXPECT_SAME(call("slice", {s, I(-5)}), S("w\xC3\xB6rld"));
  EXPECT_SAME(call("slice", {s, I(-5), I(-3)}), S("w\xC3\xB6"));
  EXPECT_SAME(call("slice", {s, I(20)}), S(""));
  EXPECT_SAME(call("slice", {S("a\xFF"
                               "bc"),
                             I(1), I(3)}),
              S("\xFF"
                "b"));
}

TEST(BuiltinsList, FlattenOneLevel) {
  EXPECT_SAME(call("flatten", {L({L({I(1), I(2)}), I(3), L({}), L({L({I(4)})})})}),
              L({I(1), I(2), I(3), L({I(4)})}));
  EXPECT_SAME(call("flatten", {L({})}), L({}));
  EXPECT_VALUE_ERROR(call("flatten", {I(1)}), "type", "`flatten` needs a `list`, not `int`");
}

TEST(BuiltinsList, EnumerateSharesOneShape) {
  Value out = call("enumerate", {L({S("a"), S("b")})});
  EXPECT_SAME(
      out, L({R({{"index", I(0)}, {"value", S("a")}}), R({{"index", I(1)}, {"value", S("b")}})}));
  EXPECT_EQ(out.as_list()[0].shape(), out.as_list()[1].shape());
  Value again = call("enumerate", {L({N()})});
  EXPECT_EQ(again.as_list()[0].shape(), out.as_list()[0].shape());
  EXPECT_SAME(call("enumerate", {L({})}), L({}));
  EXPECT_VALUE_ERROR(call("enumerate", {S("ab")}), "type", "`enumerate` needs a `list`, not `str`");
}

TEST(BuiltinsList, ZipStopsAtTheShortestList) {
  EXPECT_SAME(call("zip", {L({I(1), I(2), I(3)}), L({S("a"), S("b")})}),
              L({L({I(1), S("a")}), L({I(2), S("b")})}));
  EXPECT_SAME(call("zip", {L({I(1)}), L({I(2)}), L({I(3), I(4)})}), L({L({I(1), I(2), I(3)})}));
  EXPECT_SAME(call("zip", {L({}), L({I(1)})}), L({}));
  EXPECT_VALUE_ERROR(call("zip", {L({}), S("ab")}), "type",
                     "argument 2 of `zip` must be a `list`, not `str`");
}

}  // namespace
}  // namespace plumb::builtins
