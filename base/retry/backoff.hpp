// Exponential backoff with jitter, the one wait between attempts that every retry loop uses
// (@retry in the executor, llm.* calls, OTLP exports): the base wait doubled per earlier retry,
// capped, then scaled by a random factor in [0.5, 1] so that clients failing together do not
// retry together.
#pragma once

namespace plumb::retry {

// The wait before a retry, in the unit of `base` and `cap`: min(cap, base * 2^doublings) times
// a random factor in [0.5, 1]. `doublings` is how many retries came before this one (0 for the
// first). Never negative; 0 when `base` or `cap` is 0. Thread-safe (one generator per thread).
double jittered_backoff(double base, double cap, unsigned doublings);

}  // namespace plumb::retry
