// The Prometheus text format 0.0.4 and OpenMetrics: HELP/TYPE once per family, label
// escaping, stable ordering, cumulative buckets ending in +Inf equal to _count, exemplars.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {
namespace {

TEST(PrometheusText, CountersGaugesAndEscaping) {
  MetricsRegistry registry;
  registry.describe("plumb_node_runs_total", MetricKind::Counter, "Node runs.\nSecond line \\.");
  registry.record(MetricKind::Counter, "plumb_node_runs_total", 2,
                  {{"node", "b"}, {"pipeline", "p"}});
  registry.record(MetricKind::Counter, "plumb_node_runs_total", 1,
                  {{"node", "a \"q\"\\\n"}, {"pipeline", "p"}});
  registry.record(MetricKind::Gauge, "queue", 7, {});
  EXPECT_EQ(format_prometheus(registry.snapshot()),
            "# HELP plumb_node_runs_total Node runs.\\nSecond line \\\\.\n"
            "# TYPE plumb_node_runs_total counter\n"
            "plumb_node_runs_total{node=\"a \\\"q\\\"\\\\\\n\",pipeline=\"p\"} 1\n"
            "plumb_node_runs_total{node=\"b\",pipeline=\"p\"} 2\n"
            "# HELP queue metric recorded by a metrics.* stage\n"
            "# TYPE queue gauge\n"
            "queue 7\n");
}

TEST(PrometheusText, Histogram) {
  MetricsRegistry registry;
  registry.describe("d_seconds", MetricKind::Histogram, "Durations.", {0.1, 1});
  registry.record(MetricKind::Histogram, "d_seconds", 0.05, {{"n", "x"}});
  registry.record(MetricKind::Histogram, "d_seconds", 0.5, {{"n", "x"}});
  registry.record(MetricKind::Histogram, "d_seconds", 7, {{"n", "x"}}, "abc");
  EXPECT_EQ(format_prometheus(registry.snapshot()),
            "# HELP d_seconds Durations.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{n=\"x\",le=\"0.1\"} 1\n"
            "d_seconds_bucket{n=\"x\",le=\"1\"} 2\n"
            "d_seconds_bucket{n=\"x\",le=\"+Inf\"} 3\n"
            "d_seconds_sum{n=\"x\"} 7.55\n"
            "d_seconds_count{n=\"x\"} 3\n");
  const std::string om = format_openmetrics(registry.snapshot());
  EXPECT_NE(om.find("d_seconds_bucket{n=\"x\",le=\"+Inf\"} 3 # {trace_id=\"abc\"} 7.0\n"),
            std::string::npos)
      << om;
  EXPECT_TRUE(om.ends_with("# EOF\n"));
}

TEST(PrometheusText, MergedHistogramIsCumulative) {
  MetricsRegistry registry;
  std::vector<std::uint64_t> counts(kDefaultBounds.size() + 1, 0);
  counts[default_bucket(0.0001)] = 2;  // first bucket
  counts[default_bucket(0.003)] = 1;   // le=0.005
  counts.back() = 1;                   // above 300 s
  registry.merge_histogram("h", {}, counts, 400.0);
  auto families = registry.snapshot();
  const MetricSeries& s = families[0].series[0];
  EXPECT_EQ(s.buckets[0], 2u);
  EXPECT_EQ(s.buckets[2], 2u);
  EXPECT_EQ(s.buckets[3], 3u);
  EXPECT_EQ(s.buckets.back(), 3u);
  EXPECT_EQ(s.count, 4u);
}

TEST(PrometheusText, RecordedAndMergedObservationsAddUpCumulatively) {
  MetricsRegistry registry;
  registry.record(MetricKind::Histogram, "h", 0.0001, {});
  registry.record(MetricKind::Histogram, "h", 0.003, {});
  std::vector<std::uint64_t> counts(kDefaultBounds.size() + 1, 0);
  counts[default_bucket(0.0001)] = 1;
  registry.merge_histogram("h", {}, counts, 0.0001);
  registry.record(MetricKind::Histogram, "h", 1000.0, {});
  std::vector<std::uint64_t> cumulative(kDefaultBounds.size(), 3);  // 0.003 is in le=0.005
  cumulative[0] = cumulative[1] = cumulative[2] = 2;                // the two 0.0001
  const MetricSeries series = registry.snapshot().at(0).series.at(0);
  EXPECT_EQ(series.buckets, cumulative);
  EXPECT_EQ(series.count, 4u);  // and 1000 s, above every bound
}

TEST(PrometheusText, ObservingOnceEqualsMergingOneCount) {
  MetricsRegistry observed;
  {
    MetricsRegistry::Update update(observed);
    update.observe(update.resolve(MetricKind::Histogram, "h", {}), 0.003, "0af7651916cd43dd");
  }
  MetricsRegistry merged;
  std::vector<std::uint64_t> counts(kDefaultBounds.size() + 1, 0);
  counts[default_bucket(0.003)] = 1;
  merged.merge_histogram("h", {}, counts, 0.003, "0af7651916cd43dd", 0.003);
  const MetricSeries a = observed.snapshot().at(0).series.at(0);
  const MetricSeries b = merged.snapshot().at(0).series.at(0);
  EXPECT_EQ(a.buckets, b.buckets);
  EXPECT_EQ(a.count, 1u);
  EXPECT_EQ(a.sum, b.sum);
  EXPECT_EQ(a.exemplar_trace, b.exemplar_trace);
  EXPECT_EQ(a.exemplar_value, b.exemplar_value);
}

TEST(PrometheusText, OpenMetricsCounterNames) {
  MetricsRegistry registry;
  registry.describe("jobs_total", MetricKind::Counter, "Jobs.");
  registry.record(MetricKind::Counter, "jobs_total", 1, {});
  registry.record(MetricKind::Counter, "events", 1, {});
  const std::string om = format_openmetrics(registry.snapshot());
  EXPECT_NE(om.find("# TYPE jobs counter\njobs_total 1.0\n"), std::string::npos) << om;
  EXPECT_NE(om.find("# TYPE events counter\nevents_total 1.0\n"), std::string::npos) << om;
}

TEST(PrometheusText, Values) {
  EXPECT_EQ(format_sample_value(1e300 * 1e300), "+Inf");
  EXPECT_EQ(format_sample_value(-1e300 * 1e300), "-Inf");
  EXPECT_EQ(format_sample_value(0.1), "0.1");
  EXPECT_EQ(format_sample_value(3), "3");
}

// What Go's strconv.FormatFloat(v, 'g', -1, 64) gives, which client_golang writes (and the
// Python client imitates): decimal for exponents from -4 to 5, else scientific with at least
// two exponent digits. Before, `0.0005` was written `5e-04`.
TEST(PrometheusText, NumbersAsTheClientLibrariesWriteThem) {
  const std::pair<double, const char*> cases[] = {{0.0005, "0.0005"},
                                                  {0.001, "0.001"},
                                                  {0.00025, "0.00025"},
                                                  {5e-05, "5e-05"},
                                                  {1.5e-07, "1.5e-07"},
                                                  {0.1, "0.1"},
                                                  {2.5, "2.5"},
                                                  {1, "1"},
                                                  {0, "0"},
                                                  {-0.0, "0"},
                                                  {-1, "-1"},
                                                  {-0.0005, "-0.0005"},
                                                  {100, "100"},
                                                  {300, "300"},
                                                  {123456, "123456"},
                                                  {999999, "999999"},
                                                  {1e6, "1e+06"},
                                                  {1234567, "1.234567e+06"},
                                                  {1e21, "1e+21"},
                                                  {1e100, "1e+100"},
                                                  {0.30000000000000004, "0.30000000000000004"},
                                                  {123.456, "123.456"},
                                                  {1e-300, "1e-300"},
                                                  {-2.5e10, "-2.5e+10"}};
  for (const auto& [value, text] : cases)
    EXPECT_EQ(format_sample_value(value), text) << value;
  EXPECT_EQ(format_sample_value(std::nan("")), "NaN");
  EXPECT_EQ(format_openmetrics_value(1), "1.0");
  EXPECT_EQ(format_openmetrics_value(300), "300.0");
  EXPECT_EQ(format_openmetrics_value(0.0005), "0.0005");
  EXPECT_EQ(format_openmetrics_value(1e6), "1e+06");
  EXPECT_EQ(format_openmetrics_value(1e300 * 1e300), "+Inf");
}

TEST(PrometheusText, BucketBoundsOfTheDefaultHistogram) {
  MetricsRegistry registry;
  registry.record(MetricKind::Histogram, "h", 0.0001, {});
  const std::string text = format_prometheus(registry.snapshot());
  EXPECT_NE(text.find("h_bucket{le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_bucket{le=\"0.0025\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_bucket{le=\"300\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("e-0"), std::string::npos) << text;
  // OpenMetrics: bounds and sums as floats (`1.0`), counts as integers.
  const std::string om = format_openmetrics(registry.snapshot());
  EXPECT_NE(om.find("h_bucket{le=\"1.0\"} 1\n"), std::string::npos) << om;
  EXPECT_NE(om.find("h_bucket{le=\"300.0\"} 1\n"), std::string::npos) << om;
  EXPECT_NE(om.find("h_count 1\n"), std::string::npos) << om;
}

TEST(PrometheusText, CardinalityGuard) {
  MetricsRegistry registry(2);
  for (int i = 0; i < 5; ++i) {
    registry.record(MetricKind::Counter, "c", 1, {{"i", std::to_string(i)}});
  }
  EXPECT_EQ(registry.snapshot()[0].series.size(), 2u);
  EXPECT_EQ(registry.dropped_series(), 3u);
}

TEST(PrometheusText, UpdatesThroughResolvedSeries) {
  MetricsRegistry registry(1);
  MetricSeries* kept = nullptr;
  MetricSeries* refused = nullptr;
  {
    MetricsRegistry::Update update(registry);
    kept = update.resolve(MetricKind::Counter, "c", {{"node", "b"}, {"pipeline", "p"}});
    EXPECT_EQ(update.resolve(MetricKind::Counter, "c", {{"pipeline", "p"}, {"node", "b"}}), kept);
    refused = update.resolve(MetricKind::Counter, "c", {{"node", "other"}});
    update.add(kept, 2);
    update.add(refused, 1);
  }
  registry.add(MetricKind::Counter, "c", 3, {{"pipeline", "p"}, {"node", "b"}});
  {
    MetricsRegistry::Update update(registry);
    update.add(kept, 5);
  }
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(refused, nullptr);
  EXPECT_EQ(registry.snapshot()[0].series[0].value, 10);
  EXPECT_EQ(registry.dropped_series(), 1u);
}

TEST(PrometheusText, CollectorsRunBeforeSnapshot) {
  MetricsRegistry registry;
  int calls = 0;
  auto id = registry.add_collector(
      [&](MetricsRegistry& r) { r.set(MetricKind::Gauge, "g", ++calls, {}); });
  EXPECT_EQ(registry.collect()[0].series[0].value, 1);
  registry.remove_collector(id);
  EXPECT_EQ(registry.collect()[0].series[0].value, 1);
}

}  // namespace
}  // namespace plumb::telemetry
