// data.*: counting, grouping, sorting, de-duplication, joins, take and stats, with bad input.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <plumb/json.hpp>

namespace plumb::testing {
namespace {

Value people() {
  return list({record({{"name", str("ann")}, {"team", str("red")}, {"age", integer(31)}}),
               record({{"name", str("bob")}, {"team", str("blue")}, {"age", integer(25)}}),
               record({{"name", str("cy")}, {"team", str("red")}, {"age", num(25.0)}}),
               record({{"name", str("dee")}, {"team", integer(7)}, {"age", integer(40)}})});
}

std::string json(const Value& v) {
  return to_json(v);
}

TEST(DataSignatures, AllPure) {
  for (auto name : {"data.count_by", "data.group_by", "data.sort_by", "data.dedupe", "data.join",
                    "data.take", "data.stats"}) {
    EXPECT_EQ(stage(name).signature.purity, Purity::Pure) << name;
  }
}

TEST(DataCountBy, CountsInFirstSeenOrder) {
  FakeStageContext ctx(stage("data.count_by"), {{"rows", people()}, {"key", str("team")}});
  EXPECT_EQ(json(stage("data.count_by").run(ctx)), "{\"red\": 2, \"blue\": 1, \"7\": 1}");
  EXPECT_EQ(ctx.attributes.at("plumb.items.in").as_int(), 4);
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 3);
  EXPECT_EQ(json(run("data.count_by", {{"rows", list({})}, {"key", str("x")}})), "{}");
}

TEST(DataCountBy, RowsNeedTheKey) {
  EXPECT_EQ(error_of("data.count_by", {{"rows", people()}, {"key", str("city")}}),
            "data.count_by: argument `rows`: row 0 has no field \"city\"");
  EXPECT_EQ(error_of("data.count_by", {{"rows", list({integer(1)})}, {"key", str("a")}}),
            "data.count_by: argument `rows`: row 0 must be a record, not int");
}

TEST(DataGroupBy, GroupsRows) {
  Value groups = run("data.group_by", {{"rows", people()}, {"key", str("team")}});
  EXPECT_EQ(groups.shape().size(), 3u);
  EXPECT_EQ(json(*groups.find_field("red")->as_list()[1].find_field("name")), "\"cy\"");
  EXPECT_EQ(error_of("data.group_by", {{"rows", people()}, {"key", integer(1)}}),
            "data.group_by: argument `key` must be a str, not int");
}

TEST(DataSortBy, StableAscendingAndDescending) {
  auto names = [](const Value& rows) {
    std::string out;
    for (const Value& r : rows.as_list())
      out += std::string(r.find_field("name")->as_str()) + " ";
    return out;
  };
  EXPECT_EQ(names(run("data.sort_by", {{"rows", people()}, {"key", str("age")}})),
            "bob cy ann dee ");
  EXPECT_EQ(names(run("data.sort_by",
                      {{"rows", people()}, {"key", str("age")}, {"desc", Value::boolean(true)}})),
            "dee ann bob cy ");
}

TEST(DataSortBy, MissingKeysAndIncomparableValues) {
  EXPECT_EQ(error_of("data.sort_by", {{"rows", people()}, {"key", str("zip")}}),
            "data.sort_by: argument `rows`: row 0 has no field \"zip\"");
  std::string message = error_of("data.sort_by", {{"rows", people()}, {"key", str("team")}});
  EXPECT_TRUE(message.starts_with("data.sort_by: cannot sort by \"team\": ")) << message;
}

TEST(DataDedupe, WholeRowsOrByKeyKeepingTheFirst) {
  Value rows = list({record({{"id", integer(1)}, {"v", str("a")}}),
                     record({{"id", num(1.0)}, {"v", str("a")}}),
                     record({{"id", integer(2)}, {"v", str("a")}}),
                     record({{"id", integer(1)}, {"v", str("b")}})});
  EXPECT_EQ(run("data.dedupe", {{"rows", rows}}).as_list().size(), 3u);
  EXPECT_EQ(json(run("data.dedupe", {{"rows", rows}, {"key", str("v")}})),
            "[{\"id\": 1, \"v\": \"a\"}, {\"id\": 1, \"v\": \"b\"}]");
  EXPECT_EQ(
      run("data.dedupe", {{"rows", list({integer(1), integer(1), str("1")})}}).as_list().size(),
      2u);
  EXPECT_EQ(error_of("data.dedupe", {{"rows", rows}, {"key", integer(1)}}),
            "data.dedupe: argument `key` must be a str or null, not int");
  EXPECT_EQ(error_of("data.dedupe", {{"rows", rows}, {"key", str("w")}}),
            "data.dedupe: argument `rows`: row 0 has no field \"w\"");
}

TEST(DataJoin, InnerAndLeft) {
  Value left = list({record({{"id", integer(1)}, {"name", str("ann")}}),
                     record({{"id", integer(2)}, {"name", str("bob")}})});
  Value right = list({record({{"id", integer(1)}, {"city", str("oslo")}, {"name", str("x")}}),
                      record({{"id", integer(1)}, {"city", str("rome")}, {"name", str("y")}}),
                      record({{"id", integer(3)}, {"city", str("lima")}, {"name", str("z")}})});
  EXPECT_EQ(json(run("data.join", {{"left", left}, {"right", right}, {"on", str("id")}})),
            "[{\"id\": 1, \"name\": \"ann\", \"city\": \"oslo\"}, "
            "{\"id\": 1, \"name\": \"ann\", \"city\": \"rome\"}]");
  EXPECT_EQ(json(run("data.join",
                     {{"left", left}, {"right", right}, {"on", str("id")}, {"how", str("left")}})),
            "[{\"id\": 1, \"name\": \"ann\", \"city\": \"oslo\"}, "
            "{\"id\": 1, \"name\": \"ann\", \"city\": \"rome\"}, "
            "{\"id\": 2, \"name\": \"bob\", \"city\": null}]");
}

TEST(DataJoin, RejectsBadInput) {
  Value rows = list({record({{"id", integer(1)}})});
  EXPECT_EQ(error_of("data.join",
                     {{"left", rows}, {"right", rows}, {"on", str("id")}, {"how", str("outer")}}),
            "data.join: argument `how` must be \"inner\" or \"left\", not \"outer\"");
  EXPECT_EQ(
      error_of("data.join",
               {{"left", list({record({{"x", integer(1)}})})}, {"right", rows}, {"on", str("id")}}),
      "data.join: argument `left`: row 0 has no field \"id\"");
  EXPECT_EQ(error_of("data.join", {{"left", rows}, {"right", list({str("r")})}, {"on", str("id")}}),
            "data.join: argument `right`: row 0 must be a record, not str");
}

TEST(DataTake, FirstN) {
  EXPECT_EQ(json(run("data.take",
                     {{"rows", list({integer(1), integer(2), integer(3)})}, {"n", integer(2)}})),
            "[1, 2]");
  EXPECT_EQ(json(run("data.take", {{"rows", list({integer(1)})}, {"n", integer(5)}})), "[1]");
  EXPECT_EQ(error_of("data.take", {{"rows", list({})}, {"n", integer(-1)}}),
            "data.take: argument `n` must be >= 0, not -1");
}

TEST(DataStats, SummarisesWithInterpolatedPercentiles) {
  std::vector<Value> xs;
  for (int i = 1; i <= 100; ++i)
    xs.push_back(integer(i));
  Value s = run("data.stats", {{"xs", list(xs)}});
  EXPECT_EQ(s.shape().size(), 7u);
  EXPECT_EQ(s.shape().key(0), "count");
  EXPECT_EQ(s.find_field("count")->as_int(), 100);
  EXPECT_EQ(s.find_field("mean")->as_float(), 50.5);
  EXPECT_EQ(s.find_field("min")->as_int(), 1);
  EXPECT_EQ(s.find_field("max")->as_int(), 100);
  EXPECT_NEAR(s.find_field("p50")->as_float(), 50.5, 1e-9);
  EXPECT_NEAR(s.find_field("p95")->as_float(), 95.05, 1e-9);
  EXPECT_NEAR(s.find_field("p99")->as_float(), 99.01, 1e-9);
  EXPECT_EQ(json(run("data.stats", {{"xs", list({num(2.5)})}})),
            "{\"count\": 1, \"mean\": 2.5, \"min\": 2.5, \"max\": 2.5, \"p50\": 2.5, \"p95\": 2.5, "
            "\"p99\": 2.5}");
}

TEST(DataStats, RejectsEmptyAndNonNumbers) {
  EXPECT_EQ(error_of("data.stats", {{"xs", list({})}}),
            "data.stats: argument `xs` must not be empty");
  EXPECT_EQ(error_of("data.stats", {{"xs", list({integer(1), str("2")})}}),
            "data.stats: argument `xs`: item 1 must be a number, not str");
}

}  // namespace
}  // namespace plumb::testing
