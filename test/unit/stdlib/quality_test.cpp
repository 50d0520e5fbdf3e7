// quality.check: each rule kind, scoring, the failure list and its cap, the gauge, bad rules.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <plumb/json.hpp>

namespace plumb::testing {
namespace {

Value rows() {
  return list({record({{"id", integer(1)}, {"age", integer(30)}, {"email", str("a@x.io")}}),
               record({{"id", integer(2)}, {"age", integer(200)}, {"email", str("nope")}}),
               record({{"id", integer(2)}, {"age", Value()}, {"email", str("c@x.io")}}),
               record({{"id", integer(4)}, {"age", str("old")}})});
}

TEST(QualityCheck, ScoresRulesAndListsFailures) {
  Value rules =
      record({{"id", list({str("not_null"), str("unique")})},
              {"age", record({{"min", integer(0)}, {"max", integer(120)}})},
              {"email", list({str("not_null"), record({{"regex", str("^[^@]+@[^@]+$")}})})}});
  FakeStageContext ctx(stage("quality.check"), {{"rows", rows()}, {"rules", rules}});
  Value result = stage("quality.check").run(ctx);
  // id: 4 not_null + 4 unique (1 fails); age: 3 non-null values (200 and "old" fail);
  // email: 4 not_null (1 fails) + 3 regex (1 fails): 18 checks, 5 failed.
  EXPECT_EQ(result.find_field("checks")->as_int(), 18);
  EXPECT_EQ(result.find_field("failed")->as_int(), 5);
  EXPECT_DOUBLE_EQ(result.find_field("score")->as_float(), 13.0 / 18.0);
  EXPECT_EQ(
      to_json(*result.find_field("failures")),
      "[{\"row\": 1, \"field\": \"age\", \"rule\": {\"min\": 0, \"max\": 120}, \"value\": 200}, "
      "{\"row\": 1, \"field\": \"email\", \"rule\": {\"regex\": \"^[^@]+@[^@]+$\"}, \"value\": "
      "\"nope\"}, "
      "{\"row\": 2, \"field\": \"id\", \"rule\": \"unique\", \"value\": 2}, "
      "{\"row\": 3, \"field\": \"age\", \"rule\": {\"min\": 0, \"max\": 120}, \"value\": \"old\"}, "
      "{\"row\": 3, \"field\": \"email\", \"rule\": \"not_null\", \"value\": null}]");
  ASSERT_EQ(ctx.metrics.size(), 1u);
  EXPECT_EQ(ctx.metrics[0].name, "plumb_quality_score");
  EXPECT_EQ(ctx.metrics[0].kind, MetricKind::Gauge);
  EXPECT_DOUBLE_EQ(ctx.metrics[0].value, 13.0 / 18.0);
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 1);
}

TEST(QualityCheck, NoChecksScoresOneAndFailuresAreCapped) {
  Value empty =
      run("quality.check", {{"rows", list({})}, {"rules", record({{"a", str("unique")}})}});
  EXPECT_EQ(empty.find_field("score")->as_float(), 1.0);
  std::vector<Value> many;
  for (int i = 0; i < 250; ++i)
    many.push_back(record({{"a", Value()}}));
  Value r =
      run("quality.check", {{"rows", list(many)}, {"rules", record({{"a", str("not_null")}})}});
  EXPECT_EQ(r.find_field("failed")->as_int(), 250);
  EXPECT_EQ(r.find_field("failures")->as_list().size(), 100u);
  EXPECT_EQ(r.find_field("score")->as_float(), 0.0);
}

TEST(QualityCheck, RejectsUnknownRulesAndBadRows) {
  auto check = [](Value rules) {
    return error_of("quality.check", {{"rows", list({})}, {"rules", std::move(rules)}});
  };
  std::string expected = " (expected \"not_null\", \"unique\", {min:, max:} or {regex:})";
  EXPECT_EQ(check(record({{"a", str("nonnull")}})),
            "quality.check: argument `rules`: field \"a\": unknown rule \"nonnull\"" + expected);
  EXPECT_EQ(
      check(record({{"a", record({{"between", integer(1)}})}})),
      "quality.check: argument `rules`: field \"a\": unknown rule {\"between\": 1}" + expected);
  EXPECT_EQ(check(record({{"a", record({{"regex", str("(")}})}})),
            "quality.check: argument `rules`: field \"a\": invalid regex \"(\": unmatched '(' or "
            "')'");
  EXPECT_EQ(check(record({{"a", record({{"regex", str("(a)\\1")}})}})),
            "quality.check: argument `rules`: field \"a\": invalid regex \"(a)\\1\": "
            "back-reference `\\1` is not supported (RE2 has no back-references)");
  EXPECT_EQ(error_of("quality.check", {{"rows", list({integer(1)})}, {"rules", record({})}}),
            "quality.check: argument `rows`: row 0 must be a record, not int");
  EXPECT_EQ(error_of("quality.check", {{"rows", list({})}, {"rules", list({})}}),
            "quality.check: argument `rules` must be a record, not list");
}

}  // namespace
}  // namespace plumb::testing
