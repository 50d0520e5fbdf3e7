// Run ids: ULIDs (26 characters of Crockford's base32: 48 bits of Unix milliseconds, then 80
// random bits), so ids sort by start time, fit in a terminal column and are typed without
// ambiguity (no I, L, O or U). A prefix of a few characters usually names a run.
#pragma once

#include <cstdint>
#include <string>

namespace plumb::store {

std::string new_run_id(std::int64_t unix_ns);

}  // namespace plumb::store
