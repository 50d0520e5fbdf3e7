// jittered_backoff: capped exponential growth and a per-thread random factor.
#include "base/retry/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace plumb::retry {

double jittered_backoff(double base, double cap, unsigned doublings) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  // 2^62 exceeds every cap in practice, and keeps 0 * 2^n a number (2^1024 is infinite).
  const double growth = std::ldexp(1.0, static_cast<int>(std::min(doublings, 62u)));
  const double wait = std::clamp(base * growth, 0.0, std::max(cap, 0.0));
  return wait * std::uniform_real_distribution<double>(0.5, 1.0)(generator);
}

}  // namespace plumb::retry
