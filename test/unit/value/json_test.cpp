// JSON output (escaping, float notation, pretty printing) and input (number mapping, records,
// errors with line and column, nesting limit, shape sharing) of plumb/json.hpp.
#include <plumb/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "value_testing.hpp"

namespace plumb {
namespace {

using namespace plumb::testing;

std::string float_json(double d) {
  return to_json(F(d));
}

TEST(JsonWrite, Scalars) {
  EXPECT_EQ(to_json(N()), "null");
  EXPECT_EQ(to_json(B(true)), "true");
  EXPECT_EQ(to_json(B(false)), "false");
  EXPECT_EQ(to_json(I(0)), "0");
  EXPECT_EQ(to_json(I(-42)), "-42");
  EXPECT_EQ(to_json(I(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(to_json(I(INT64_MAX)), "9223372036854775807");
}

TEST(JsonWrite, FloatsAreShortestWithAFraction) {
  EXPECT_EQ(float_json(1.0), "1.0");
  EXPECT_EQ(float_json(-2.0), "-2.0");
  EXPECT_EQ(float_json(0.0), "0.0");
  EXPECT_EQ(float_json(-0.0), "-0.0");
  EXPECT_EQ(float_json(0.1), "0.1");
  EXPECT_EQ(float_json(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(float_json(123456.789), "123456.789");
  EXPECT_EQ(float_json(100.0), "100.0");
  EXPECT_EQ(float_json(1e6), "1000000.0");
  EXPECT_EQ(float_json(1e15), "1000000000000000.0");
  EXPECT_EQ(float_json(1e16), "1e+16");
  EXPECT_EQ(float_json(1e21), "1e+21");
  EXPECT_EQ(float_json(1.5e300), "1.5e+300");
  EXPECT_EQ(float_json(0.0001), "0.0001");
  EXPECT_EQ(float_json(0.00001), "1e-05");
  EXPECT_EQ(float_json(1.25e-7), "1.25e-07");
  EXPECT_EQ(float_json(5e-324), "5e-324");
  EXPECT_EQ(float_json(1.7976931348623157e308), "1.7976931348623157e+308");
}

TEST(JsonWrite, NonFiniteFloatsAreNull) {
  EXPECT_EQ(float_json(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(float_json(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(float_json(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWrite, FloatsRoundTrip) {
  for (double d : {0.1, 1.0 / 3, 2.5e-310, 123456789.123456789, 9007199254740993.0, 1e300, -7.0}) {
    Value back = parse_json(float_json(d));
    ASSERT_TRUE(back.is_float()) << d;
    EXPECT_EQ(back.as_float(), d);
  }
}

TEST(JsonWrite, EscapesStrings) {
  EXPECT_EQ(to_json(S("plain")), "\"plain\"");
  EXPECT_EQ(to_json(S("a\"b\\c")), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(to_json(S("\n\r\t\b\f")), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(to_json(S(std::string("\x01\x1f\0", 3))), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(to_json(S("\x7f/")), "\"\x7f/\"");
  EXPECT_EQ(to_json(S("h\xC3\xA9llo \xE4\xB8\xAD \xF0\x9F\x98\x80")),
            "\"h\xC3\xA9llo \xE4\xB8\xAD \xF0\x9F\x98\x80\"");
}

TEST(JsonWrite, ReplacesInvalidUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(to_json(S("a\xFF"
                      "b")),
            "\"a" + fffd + "b\"");
  EXPECT_EQ(to_json(S("\xE2\x82")), "\"" + fffd + fffd + "\"");             // truncated
  EXPECT_EQ(to_json(S("\xC0\xAF")), "\"" + fffd + fffd + "\"");             // overlong
  EXPECT_EQ(to_json(S("\xED\xA0\x80")), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_TRUE(parse_json(to_json(S("x\xFF"))).is_str());
  EXPECT_EQ(to_json(R({{"k\xFF", I(1)}})), "{\"k" + fffd + "\": 1}");
}

TEST(JsonWrite, CompactListsAndRecords) {
  EXPECT_EQ(to_json(L({})), "[]");
  EXPECT_EQ(to_json(R({})), "{}");
  EXPECT_EQ(to_json(L({I(1), S("a"), N(), F(2.0)})), "[1, \"a\", null, 2.0]");
  EXPECT_EQ(to_json(R({{"b", I(1)}, {"a", L({B(true)})}, {"c", R({})}})),
            "{\"b\": 1, \"a\": [true], \"c\": {}}");
  EXPECT_EQ(to_json(R({{"quote\"d", N()}})), "{\"quote\\\"d\": null}");
}

TEST(JsonWrite, PrettyPrints) {
  Value v = R({{"a", I(1)}, {"b", L({I(2), R({{"c", N()}})})}, {"e", L({})}, {"f", R({})}});
  EXPECT_EQ(to_json(v, {2}),
            "{\n"
            "  \"a\": 1,\n"
            "  \"b\": [\n"
            "    2,\n"
            "    {\n"
            "      \"c\": null\n"
            "    }\n"
            "  ],\n"
            "  \"e\": [],\n"
            "  \"f\": {}\n"
            "}");
  EXPECT_EQ(to_json(L({I(1), I(2)}), {0}), "[\n1,\n2\n]");
  EXPECT_EQ(to_json(I(5), {4}), "5");
}

TEST(JsonWrite, AppendsToExistingText) {
  std::string out = "x=";
  append_json(out, L({I(1)}));
  EXPECT_EQ(out, "x=[1]");
}

TEST(JsonWrite, AbsentIsAnInternalError) {
  EXPECT_THROW(to_json(Value::absent()), std::logic_error);
  EXPECT_THROW(to_json(L({I(1), Value::absent()})), std::logic_error);
}

TEST(JsonRead, Scalars) {
  EXPECT_SAME(parse_json("null"), N());
  EXPECT_SAME(parse_json("true"), B(true));
  EXPECT_SAME(parse_json(" false "), B(false));
  EXPECT_SAME(parse_json("42"), I(42));
  EXPECT_SAME(parse_json("-0"), I(0));
  EXPECT_SAME(parse_json("1.0"), F(1.0));
  EXPECT_SAME(parse_json("1e2"), F(100.0));
  EXPECT_SAME(parse_json("-2.5E-3"), F(-0.0025));
  EXPECT_SAME(parse_json("\"h\\u00e9\\n\""), S("h\xC3\xA9\n"));
  EXPECT_SAME(parse_json("\"\\ud83d\\ude00\""), S("\xF0\x9F\x98\x80"));
}

TEST(JsonRead, IntegersThatDoNotFitBecomeFloats) {
  EXPECT_SAME(parse_json("9223372036854775807"), I(INT64_MAX));
  EXPECT_SAME(parse_json("-9223372036854775808"), I(INT64_MIN));
  EXPECT_SAME(parse_json("9223372036854775808"), F(9223372036854775808.0));
  EXPECT_SAME(parse_json("18446744073709551615"), F(18446744073709551615.0));
  EXPECT_SAME(parse_json("18446744073709551616"), F(18446744073709551616.0));
  EXPECT_SAME(parse_json("-9223372036854775809"), F(-9223372036854775809.0));
}

TEST(JsonRead, ListsAndRecordsKeepOrder) {
  Value v = parse_json(R"({"z": 1, "a": [1, 2.5, "x", null, {}], "m": {"n": []}})");
  EXPECT_SAME(
      v, R({{"z", I(1)}, {"a", L({I(1), F(2.5), S("x"), N(), R({})})}, {"m", R({{"n", L({})}})}}));
}

TEST(JsonRead, RepeatedKeyKeepsFirstPositionAndLastValue) {
  EXPECT_SAME(parse_json(R"({"a": 1, "b": 2, "a": 3})"), R({{"a", I(3)}, {"b", I(2)}}));
  std::string big = "{";
  for (int i = 0; i < 40; ++i)
    big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  big += "\"k7\": \"last\"}";
  Value v = parse_json(big);
  ASSERT_EQ(v.field_values().size(), 40u);
  EXPECT_EQ(v.shape().key(7), "k7");
  EXPECT_SAME(*v.find_field("k7"), S("last"));
  EXPECT_SAME(*v.find_field("k39"), I(39));
}

TEST(JsonRead, RoundTripsText) {
  for (std::string text : {R"({"a": [1, 2.5, true, null], "b": {"c": "d\n\u0001"}})",
                           R"([[], {}, [[1]], -3, 1e+22, 0.5])", R"("h\u00e9")"}) {
    std::string once = to_json(parse_json(text));
    EXPECT_EQ(to_json(parse_json(once)), once);
  }
  EXPECT_EQ(to_json(parse_json(R"({"a": [1, 2.5, true, null], "b": {"c": "\n"}})")),
            R"({"a": [1, 2.5, true, null], "b": {"c": "\n"}})");
}

TEST(JsonRead, RoundTripsValues) {
  Value v = R({{"ints", L({I(INT64_MIN), I(0), I(INT64_MAX)})},
               {"floats", L({F(0.1), F(-0.0), F(1e300), F(3.0)})},
               {"text", S("tab\t quote\" \xE4\xB8\xAD")},
               {"nested", L({R({{"x", L({})}}), N(), B(false)})}});
  EXPECT_SAME(parse_json(to_json(v)), v);
  EXPECT_SAME(parse_json(to_json(v, {2})), v);
}

void expect_json_error(std::string_view text, std::size_t line, std::size_t column,
                       std::string_view message) {
  try {
    parse_json(text);
    ADD_FAILURE() << "parsed: " << text;
  } catch (const JsonError& e) {
    EXPECT_EQ(e.line(), line) << text;
    EXPECT_EQ(e.column(), column) << text;
    EXPECT_EQ(std::string(e.what()), message) << text;
  }
}

TEST(JsonRead, ErrorsNameLineAndColumn) {
  expect_json_error("", 1, 1,
                    "syntax error while parsing value - unexpected end of input; expected '[', "
                    "'{', or a literal");
  expect_json_error("{\"a\":1", 1, 7,
                    "syntax error while parsing object - unexpected end of input; expected '}'");
  expect_json_error("[1,]", 1, 4,
                    "syntax error while parsing value - unexpected ']'; expected '[', '{', or a "
                    "literal");
  expect_json_error("{\"a\" 1}", 1, 6,
                    "syntax error while parsing object separator - unexpected number literal; "
                    "expected ':'");
  expect_json_error(
      "[1,\n 2,\n x]", 3, 2,
      "syntax error while parsing value - invalid literal; last read: '2,<U+000A> x'");
  expect_json_error("1 2", 1, 3,
                    "syntax error while parsing value - unexpected number literal; expected end "
                    "of input");
  expect_json_error("tru", 1, 4,
                    "syntax error while parsing value - invalid literal; last read: 'tru'");
  expect_json_error("1e400", 1, 5, "number overflow parsing '1e400'");
}

TEST(JsonRead, RejectsInvalidUtf8) {
  expect_json_error("\"\xFF\"", 1, 2,
                    "syntax error while parsing value - invalid string: ill-formed UTF-8 byte; "
                    "last read: '\"\xFF'");
}

TEST(JsonRead, LimitsNestingTo512Levels) {
  std::string ok = std::string(512, '[') + std::string(512, ']');
  Value v = parse_json(ok);
  int depth = 0;
  for (; v.is_list() && !v.as_list().empty(); v = Value(v.as_list()[0]))
    ++depth;
  EXPECT_EQ(depth, 511);

  expect_json_error(std::string(513, '[') + std::string(513, ']'), 1, 513,
                    "nesting deeper than 512 levels");
  expect_json_error(std::string(1'000'000, '['), 1, 513, "nesting deeper than 512 levels");
  std::string objects = "\n";
  for (int i = 0; i < 600; ++i)
    objects += "{\"a\\\"[\":";
  expect_json_error(objects, 2, 512 * 8 + 1, "nesting deeper than 512 levels");
}

TEST(JsonRead, RecordsWithTheSameKeysShareAShape) {
  Value rows = parse_json(R"([{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"b": 5, "a": 6}])");
  auto items = rows.as_list();
  EXPECT_EQ(items[0].shape(), items[1].shape());
  EXPECT_NE(items[0].shape(), items[2].shape());
  // Rows of a JSONL file, parsed one line at a time on the same thread.
  Value line1 = parse_json(R"({"id": 1, "text": "x"})");
  Value line2 = parse_json(R"({"id": 2, "text": "y"})");
  EXPECT_EQ(line1.shape(), line2.shape());
  EXPECT_SAME(*line2.find_field("text"), S("y"));
}

}  // namespace
}  // namespace plumb
