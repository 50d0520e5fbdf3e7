// User metrics in the registry: the first use defines a metric (kind, help, buckets) and a
// later use that disagrees is refused with a message, leaving the metric as it was; described
// (built-in) metrics cannot be written; gauges go up and down.
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {
namespace {

MetricRecord metric(MetricKind kind, const std::string& name, double value) {
  MetricRecord m;
  m.kind = kind;
  m.name = name;
  m.value = value;
  return m;
}

const MetricFamily& family(const std::vector<MetricFamily>& families, const std::string& name) {
  for (const MetricFamily& f : families) {
    if (f.name == name) return f;
  }
  throw std::runtime_error("no family " + name);
}

TEST(UserMetrics, ANameKeepsTheKindOfItsFirstUse) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.record_user(metric(MetricKind::Counter, "x", 1)), "");
  EXPECT_EQ(registry.record_user(metric(MetricKind::Gauge, "x", 2)),
            "`x` is a counter, not a gauge: a metric keeps the kind of its first use");
  EXPECT_EQ(registry.record_user(metric(MetricKind::Histogram, "x", 2)),
            "`x` is a counter, not a histogram: a metric keeps the kind of its first use");
  const auto families = registry.snapshot();
  EXPECT_EQ(family(families, "x").kind, MetricKind::Counter);
  EXPECT_EQ(family(families, "x").series.at(0).value, 1);  // not 3, as before
  EXPECT_EQ(registry.record_user(metric(MetricKind::Gauge, "g", 1)), "");
  EXPECT_EQ(registry.record_user(metric(MetricKind::Counter, "g", 1)),
            "`g` is a gauge, not a counter: a metric keeps the kind of its first use");
}

TEST(UserMetrics, BucketsAndHelpOfTheFirstUse) {
  MetricsRegistry registry;
  MetricRecord first = metric(MetricKind::Histogram, "latency_ms", 7);
  first.bounds = {5, 10, 50};
  first.help = "Latency.";
  EXPECT_EQ(registry.record_user(first), "");
  MetricRecord plain = metric(MetricKind::Histogram, "latency_ms", 60);
  EXPECT_EQ(registry.record_user(plain), "");  // leaving them out is fine
  EXPECT_EQ(registry.record_user(first), "");  // so is repeating them
  MetricRecord other = plain;
  other.bounds = {1, 2};
  EXPECT_EQ(registry.record_user(other),
            "`latency_ms` has the buckets [5, 10, 50] of its first use, not [1, 2]");
  MetricRecord described = plain;
  described.help = "Other.";
  EXPECT_EQ(registry.record_user(described),
            "`latency_ms` has the help text \"Latency.\" of its first use");
  const std::string text = format_prometheus(registry.snapshot());
  EXPECT_EQ(text,
            "# HELP latency_ms Latency.\n"
            "# TYPE latency_ms histogram\n"
            "latency_ms_bucket{le=\"5\"} 0\n"
            "latency_ms_bucket{le=\"10\"} 2\n"
            "latency_ms_bucket{le=\"50\"} 2\n"
            "latency_ms_bucket{le=\"+Inf\"} 3\n"
            "latency_ms_sum 74\n"
            "latency_ms_count 3\n");
}

TEST(UserMetrics, DefaultBucketsAndALaterHelp) {
  MetricsRegistry registry;
  EXPECT_EQ(registry.record_user(metric(MetricKind::Histogram, "seconds", 0.2)), "");
  MetricRecord defaults = metric(MetricKind::Histogram, "seconds", 0.3);
  defaults.bounds = MetricsRegistry::default_bounds();
  defaults.help = "Seconds.";
  EXPECT_EQ(registry.record_user(defaults), "");
  const auto families = registry.snapshot();
  EXPECT_EQ(family(families, "seconds").bounds, MetricsRegistry::default_bounds());
  EXPECT_EQ(family(families, "seconds").help, "Seconds.");
}

TEST(UserMetrics, BuiltInMetricsAreNotWritable) {
  MetricsRegistry registry;
  registry.describe("process_open_fds", MetricKind::Gauge, "Open files.");
  EXPECT_EQ(registry.record_user(metric(MetricKind::Gauge, "process_open_fds", 1)),
            "`process_open_fds` is one of plumb's own metrics");
  EXPECT_TRUE(family(registry.snapshot(), "process_open_fds").series.empty());
}

TEST(UserMetrics, GaugesGoUpAndDown) {
  MetricsRegistry registry;
  MetricRecord add = metric(MetricKind::Gauge, "queue", 5);
  add.add = true;
  add.labels = {{"q", "a"}};
  EXPECT_EQ(registry.record_user(add), "");
  add.value = -2;
  EXPECT_EQ(registry.record_user(add), "");
  EXPECT_EQ(family(registry.snapshot(), "queue").series.at(0).value, 3);
  MetricRecord set = metric(MetricKind::Gauge, "queue", 10);
  set.labels = {{"q", "a"}};
  EXPECT_EQ(registry.record_user(set), "");
  EXPECT_EQ(family(registry.snapshot(), "queue").series.at(0).value, 10);
}

TEST(UserMetrics, TheCardinalityGuardCountsRefusedSeries) {
  MetricsRegistry registry(1);
  MetricRecord m = metric(MetricKind::Counter, "c_total", 1);
  m.labels = {{"i", "1"}};
  EXPECT_EQ(registry.record_user(m), "");
  m.labels = {{"i", "2"}};
  EXPECT_EQ(registry.record_user(m), "");
  EXPECT_EQ(registry.dropped_series(), 1u);
}

}  // namespace
}  // namespace plumb::telemetry
