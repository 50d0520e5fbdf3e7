// Wall-clock time for what is stored or exported as a date (run rows, metric points, export
// timestamps): nanoseconds since the Unix epoch from std::chrono::system_clock. Span times use
// TickClock (clock.hpp) instead, which never steps back.
#pragma once

#include <cstdint>

namespace plumb::telemetry {

std::int64_t unix_now_ns();

}  // namespace plumb::telemetry
