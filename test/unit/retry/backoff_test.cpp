// The shared backoff: doubling per retry, the cap, and jitter within [0.5, 1] of the wait.
#include <gtest/gtest.h>

#include <set>

#include "base/retry/backoff.hpp"

namespace plumb::retry {
namespace {

TEST(Backoff, DoublesPerRetryWithinTheJitterRange) {
  for (unsigned doublings = 0; doublings < 5; ++doublings) {
    const double wait = 0.25 * (1u << doublings);
    for (int i = 0; i < 200; ++i) {
      const double pause = jittered_backoff(0.25, 100, doublings);
      EXPECT_GE(pause, wait * 0.5) << doublings;
      EXPECT_LE(pause, wait) << doublings;
    }
  }
}

TEST(Backoff, IsRandomNotFixed) {
  std::set<double> seen;
  for (int i = 0; i < 50; ++i)
    seen.insert(jittered_backoff(1, 10, 0));
  EXPECT_GT(seen.size(), 40u);
}

TEST(Backoff, NeverExceedsTheCap) {
  for (unsigned doublings : {10u, 62u, 63u, 1000u, 4000000000u}) {
    const double pause = jittered_backoff(0.5, 20, doublings);
    EXPECT_GE(pause, 10) << doublings;
    EXPECT_LE(pause, 20) << doublings;
  }
}

TEST(Backoff, ZeroBaseOrCapWaitsNothing) {
  EXPECT_EQ(jittered_backoff(0, 20, 0), 0);
  EXPECT_EQ(jittered_backoff(0, 20, 5000), 0);
  EXPECT_EQ(jittered_backoff(3, 0, 2), 0);
}

}  // namespace
}  // namespace plumb::retry
