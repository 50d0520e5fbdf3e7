// ULID encoding; the random bits come from the telemetry's per-thread id generator.
#include "runtime/store/run_id.hpp"

#include "runtime/telemetry/ids.hpp"

namespace plumb::store {

std::string new_run_id(std::int64_t unix_ns) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  const auto millis = static_cast<std::uint64_t>(unix_ns / 1000000);
  const std::uint64_t random_high = telemetry::new_span_id() & 0xffff;  // bits 79..64
  const std::uint64_t random_low = telemetry::new_span_id();            // bits 63..0
  // The 5 bits of the 80 random bits starting at `low_bit` (bit 0 is the last).
  auto random_bits = [&](int low_bit) {
    std::uint64_t value = 0;
    for (int bit = low_bit + 4; bit >= low_bit; --bit) {
      const std::uint64_t word = bit >= 64 ? random_high : random_low;
      value = (value << 1) | ((word >> (bit % 64)) & 1);
    }
    return value;
  };
  std::string id(26, '0');
  for (int i = 0; i < 10; ++i) {  // 50 bits of milliseconds, the top 2 zero until year 10889
    id[static_cast<std::size_t>(i)] = kAlphabet[(millis >> (5 * (9 - i))) & 31];
  }
  for (int i = 0; i < 16; ++i) {
    id[static_cast<std::size_t>(10 + i)] = kAlphabet[random_bits(75 - 5 * i)];
  }
  return id;
}

}  // namespace plumb::store
