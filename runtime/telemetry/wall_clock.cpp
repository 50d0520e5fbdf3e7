// Wall-clock time since the Unix epoch (wall_clock.hpp).
#include "runtime/telemetry/wall_clock.hpp"

#include <chrono>

namespace plumb::telemetry {

std::int64_t unix_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace plumb::telemetry
