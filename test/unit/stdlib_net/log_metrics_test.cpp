// log.* and metrics.*: records reach the runtime with their fields and labels in call order,
// and bad names or values fail with messages naming the stage and the argument.
#include "test/unit/stdlib_net/net_test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace plumb::testing {
namespace {

std::string failure(const std::string& name, std::map<std::string, Value> args, Fields extra = {}) {
  FakeStageContext ctx(stage(name), std::move(args), std::move(extra));
  return run_error(ctx, name).what();
}

TEST(Log, EveryLevelIsAVolatileStageWithFields) {
  for (const char* name : {"log.debug", "log.info", "log.warn", "log.error"}) {
    const StageSignature& signature = stage(name).signature;
    EXPECT_EQ(signature.purity, Purity::Volatile) << name;
    EXPECT_EQ(signature.extra_keywords, "fields") << name;
    EXPECT_EQ(signature.version, "1") << name;
  }
}

TEST(Log, PassesMessageAndFieldsInOrder) {
  Fields fields = {{"zeta", Value::integer(1)}, {"alpha", Value::string("a")}};
  FakeStageContext ctx(stage("log.warn"), {{"msg", Value::string("careful")}}, fields);
  EXPECT_TRUE(run(ctx, "log.warn").is_null());
  ASSERT_EQ(ctx.logs.size(), 1u);
  EXPECT_EQ(ctx.logs[0].level, LogLevel::Warn);
  EXPECT_EQ(ctx.logs[0].message, "careful");
  ASSERT_EQ(ctx.logs[0].fields.size(), 2u);
  EXPECT_EQ(ctx.logs[0].fields[0].first, "zeta");
  EXPECT_EQ(ctx.logs[0].fields[1].second, Value::string("a"));

  FakeStageContext debug(stage("log.debug"), {{"msg", Value::string("d")}});
  run(debug, "log.debug");
  EXPECT_EQ(debug.logs.at(0).level, LogLevel::Debug);
}

TEST(Log, NeedsAStringMessage) {
  EXPECT_EQ(failure("log.info", {{"msg", Value::integer(1)}}),
            "log.info: argument `msg` must be a str, not int");
}

TEST(Metrics, RecordsEachKindWithLabelsAsText) {
  Fields labels = {{"route", Value::string("/a")},
                   {"code", Value::integer(200)},
                   {"ratio", Value::number(1.0)},
                   {"ok", Value::boolean(true)}};
  struct Case {
    const char* stage;
    MetricKind kind;
  };
  for (Case c :
       {Case{"metrics.counter", MetricKind::Counter}, Case{"metrics.gauge", MetricKind::Gauge},
        Case{"metrics.observe", MetricKind::Histogram}}) {
    FakeStageContext ctx(
        stage(c.stage),
        {{"name", Value::string("app_requests:total")}, {"value", Value::integer(3)}}, labels);
    EXPECT_TRUE(run(ctx, c.stage).is_null());
    ASSERT_EQ(ctx.metrics.size(), 1u) << c.stage;
    const auto& metric = ctx.metrics[0];
    EXPECT_EQ(metric.kind, c.kind);
    EXPECT_EQ(metric.name, "app_requests:total");
    EXPECT_DOUBLE_EQ(metric.value, 3.0);
    Labels expected = {{"route", "/a"}, {"code", "200"}, {"ratio", "1.0"}, {"ok", "true"}};
    EXPECT_EQ(metric.labels, expected);
    EXPECT_EQ(stage(c.stage).signature.purity, Purity::Volatile);
    EXPECT_EQ(stage(c.stage).signature.extra_keywords, "labels");
  }
}

TEST(Metrics, GaugesMayBeNegative) {
  FakeStageContext ctx(stage("metrics.gauge"),
                       {{"name", Value::string("temp")}, {"value", Value::number(-4.5)}});
  run(ctx, "metrics.gauge");
  EXPECT_DOUBLE_EQ(ctx.metrics.at(0).value, -4.5);
}

TEST(Metrics, RejectsBadNamesValuesAndLabels) {
  auto args = [](const char* name, Value value) {
    return std::map<std::string, Value>{{"name", Value::string(name)}, {"value", value}};
  };
  EXPECT_EQ(failure("metrics.counter", args("2xx", Value::integer(1))),
            "metrics.counter: argument `name`: \"2xx\" is not a metric name (letters, digits, `_` "
            "and `:`, not starting with a digit)");
  EXPECT_EQ(failure("metrics.gauge", args("a-b", Value::integer(1))).substr(0, 31),
            "metrics.gauge: argument `name`:");
  EXPECT_EQ(failure("metrics.counter", args("c", Value::integer(-1))),
            "metrics.counter: argument `value` must not be negative for a counter, got -1");
  EXPECT_EQ(failure("metrics.gauge", args("g", Value::string("1"))),
            "metrics.gauge: argument `value` must be a float, not str");
  EXPECT_EQ(failure("metrics.gauge", args("g", Value::number(std::nan("")))),
            "metrics.gauge: argument `value` must be a finite number");
  EXPECT_EQ(failure("metrics.gauge", args("g", Value::integer(1)), {{"__x", Value::string("a")}}),
            "metrics.gauge: label `__x` is not a label name (letters, digits and `_`, not "
            "starting with a digit or `__`)");
  EXPECT_EQ(failure("metrics.observe", args("h", Value::integer(1)), {{"le", Value::string("1")}}),
            "metrics.observe: label `le` is reserved for histogram buckets");
  EXPECT_EQ(failure("metrics.gauge", args("g", Value::integer(1)),
                    {{"tags", Value::list(std::vector<Value>{})}}),
            "metrics.gauge: label `tags` must be a str, int, float or bool, not list");
}

TEST(Metrics, GaugesGoUpAndDown) {
  FakeStageContext add(stage("metrics.gauge_add"),
                       {{"name", Value::string("queue")}, {"value", Value::integer(5)}});
  run(add, "metrics.gauge_add");
  FakeStageContext sub(stage("metrics.gauge_sub"),
                       {{"name", Value::string("queue")}, {"value", Value::number(2.5)}});
  run(sub, "metrics.gauge_sub");
  EXPECT_TRUE(add.metrics.at(0).add);
  EXPECT_EQ(add.metrics.at(0).kind, MetricKind::Gauge);
  EXPECT_DOUBLE_EQ(add.metrics.at(0).value, 5);
  EXPECT_TRUE(sub.metrics.at(0).add);
  EXPECT_DOUBLE_EQ(sub.metrics.at(0).value, -2.5);
  FakeStageContext set(stage("metrics.gauge"),
                       {{"name", Value::string("queue")}, {"value", Value::integer(1)}});
  run(set, "metrics.gauge");
  EXPECT_FALSE(set.metrics.at(0).add);
}

// `help:` and `buckets:` define the metric; they are never labels.
TEST(Metrics, HelpAndBucketsAreDefinitionsNotLabels) {
  std::vector<Value> bounds = {Value::integer(5), Value::number(10.5), Value::integer(50)};
  FakeStageContext ctx(stage("metrics.observe"),
                       {{"name", Value::string("latency_ms")},
                        {"value", Value::integer(7)},
                        {"buckets", Value::list(bounds)},
                        {"help", Value::string("Latency.")}},
                       {{"route", Value::string("/a")}});
  run(ctx, "metrics.observe");
  const MetricRecord& metric = ctx.metrics.at(0);
  EXPECT_EQ(metric.bounds, (std::vector<double>{5, 10.5, 50}));
  EXPECT_EQ(metric.help, "Latency.");
  EXPECT_EQ(metric.labels, (Labels{{"route", "/a"}}));
  FakeStageContext counter(stage("metrics.counter"), {{"name", Value::string("jobs_total")},
                                                      {"value", Value::integer(1)},
                                                      {"help", Value::string("Jobs.")}});
  run(counter, "metrics.counter");
  EXPECT_EQ(counter.metrics.at(0).help, "Jobs.");
  EXPECT_TRUE(counter.metrics.at(0).labels.empty());
  EXPECT_FALSE(stage("metrics.counter").signature.param_index("buckets"));
}

TEST(Metrics, RejectsReservedKeywordsNamesAndBadBuckets) {
  auto args = [](const char* name) {
    return std::map<std::string, Value>{{"name", Value::string(name)},
                                        {"value", Value::integer(1)}};
  };
  EXPECT_EQ(failure("metrics.counter", args("c_total"), {{"le", Value::string("1")}}),
            "metrics.counter: label `le` is reserved for histogram buckets");
  EXPECT_EQ(failure("metrics.gauge", args("g"), {{"quantile", Value::number(0.5)}}),
            "metrics.gauge: label `quantile` is reserved for summary quantiles");
  EXPECT_EQ(failure("metrics.counter", args("c_total"), {{"buckets", Value::string("x")}}),
            "metrics.counter: `buckets` applies to `metrics.observe` only; it is not a label");
  EXPECT_EQ(failure("metrics.gauge_add", args("plumb_node_runs_total")),
            "metrics.gauge_add: argument `name`: \"plumb_node_runs_total\" starts with `plumb_`, "
            "which is reserved for plumb's own metrics");
  auto observe = [&](std::vector<Value> bounds) {
    auto a = args("h");
    a["buckets"] = Value::list(std::move(bounds));
    return failure("metrics.observe", a);
  };
  EXPECT_EQ(observe({}), "metrics.observe: argument `buckets` needs at least one bound");
  EXPECT_EQ(
      observe({Value::integer(1), Value::integer(1)}),
      "metrics.observe: argument `buckets` must ascend strictly: item 1 (1) does not follow 1");
  EXPECT_EQ(observe({Value::string("1")}),
            "metrics.observe: argument `buckets`: item 0 must be a number, not str");
  EXPECT_EQ(observe({Value::number(1e300 * 1e300)}),
            "metrics.observe: argument `buckets`: item 0 must be finite (the +Inf bucket is "
            "always there)");
  EXPECT_EQ(observe(std::vector<Value>(1001, Value::integer(1))),
            "metrics.observe: argument `buckets` has 1001 bounds; at most 1000 are allowed");
}

TEST(Metrics, TheCheckerSeesTheSameProblems) {
  const StageDef& counter = stage("metrics.counter");
  ASSERT_TRUE(counter.check_keyword);
  EXPECT_EQ(counter.check_keyword("le"), "label `le` is reserved for histogram buckets");
  EXPECT_EQ(counter.check_keyword("route"), std::nullopt);
  EXPECT_EQ(stage("metrics.observe").check_keyword("buckets"), std::nullopt);
  EXPECT_EQ(counter.check_constant("name", Value::string("plumb_x")),
            "metrics.counter: argument `name`: \"plumb_x\" starts with `plumb_`, which is "
            "reserved for plumb's own metrics");
  EXPECT_EQ(counter.check_constant("route", Value::list(std::vector<Value>{})),
            "metrics.counter: label `route` must be a str, int, float or bool, not list");
  EXPECT_EQ(counter.check_constant("route", Value::string("/a")), std::nullopt);
}

}  // namespace
}  // namespace plumb::testing
