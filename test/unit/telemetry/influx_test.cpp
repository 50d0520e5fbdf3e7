// Influx line protocol: escaping of measurements and tags, counters, histograms.
#include <gtest/gtest.h>

#include "runtime/telemetry/metric_push.hpp"

namespace plumb::telemetry {
namespace {

TEST(Influx, Escaping) {
  EXPECT_EQ(escape_influx_measurement("a b,c=d"), "a\\ b\\,c=d");
  EXPECT_EQ(escape_influx_tag("a b,c=d"), "a\\ b\\,c\\=d");
}

TEST(Influx, Lines) {
  MetricsRegistry registry;
  registry.record(MetricKind::Counter, "runs_total", 3, {{"node", "a b"}, {"empty", ""}});
  registry.describe("d", MetricKind::Histogram, "", {0.5});
  registry.record(MetricKind::Histogram, "d", 0.25, {{"k", "v=1"}});
  EXPECT_EQ(format_influx(registry.snapshot(), 1700000000000000000),
            "d,k=v\\=1 count=1,sum=0.25 1700000000000000000\n"
            "d_bucket,k=v\\=1,le=0.5 value=1 1700000000000000000\n"
            "d_bucket,k=v\\=1,le=+Inf value=1 1700000000000000000\n"
            "runs_total,node=a\\ b value=3 1700000000000000000\n");
}

}  // namespace
}  // namespace plumb::telemetry
