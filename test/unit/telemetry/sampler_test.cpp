// OTEL_TRACES_SAMPLER names and the decisions they make.
#include <gtest/gtest.h>

#include "runtime/telemetry/sampler.hpp"

namespace plumb::telemetry {
namespace {

TEST(Sampler, Parse) {
  EXPECT_TRUE(Sampler::parse("always_on", ""));
  EXPECT_TRUE(Sampler::parse("parentbased_traceidratio", "0.25"));
  EXPECT_FALSE(Sampler::parse("traceidratio", "2"));
  EXPECT_FALSE(Sampler::parse("traceidratio", "x"));
  EXPECT_FALSE(Sampler::parse("jaeger_remote", ""));
}

TEST(Sampler, Decisions) {
  TraceId trace{1, 0x4000000000000000ULL};  // low 63 bits: half the range
  EXPECT_TRUE(Sampler::parse("always_on", "")->sample(trace, std::nullopt));
  EXPECT_FALSE(Sampler::parse("always_off", "")->sample(trace, std::nullopt));
  EXPECT_FALSE(Sampler::parse("traceidratio", "0.5")->sample(trace, std::nullopt));
  EXPECT_TRUE(Sampler::parse("traceidratio", "0.51")->sample(trace, std::nullopt));
  TraceContext sampled{trace, 7, 1};
  TraceContext unsampled{trace, 7, 0};
  auto parent_based = *Sampler::parse("parentbased_traceidratio", "0");
  EXPECT_TRUE(parent_based.sample(trace, sampled));
  EXPECT_FALSE(parent_based.sample(trace, unsampled));
  EXPECT_FALSE(parent_based.sample(trace, std::nullopt));
  EXPECT_TRUE(Sampler::parse("traceidratio", "0")->sample(trace, sampled) == false);
}

TEST(Sampler, RatioIsRoughlyTheFraction) {
  auto sampler = *Sampler::parse("traceidratio", "0.25");
  int kept = 0;
  for (int i = 0; i < 10000; ++i)
    kept += sampler.sample(new_trace_id(), std::nullopt);
  EXPECT_GT(kept, 2200);
  EXPECT_LT(kept, 2800);
}

}  // namespace
}  // namespace plumb::telemetry
