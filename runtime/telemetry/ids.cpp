// Random ids from xoshiro256** (per thread, seeded from std::random_device) and W3C
// traceparent parsing.
#include "runtime/telemetry/ids.hpp"

#include <array>
#include <cstring>
#include <random>

namespace plumb::telemetry {

namespace {

class Xoshiro {
 public:
  Xoshiro() {
    std::random_device device;
    for (auto& word : state_) {
      word = (static_cast<std::uint64_t>(device()) << 32) ^ device();
      if (word == 0) word = 0x9e3779b97f4a7c15ULL;
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

std::uint64_t random_nonzero() {
  thread_local Xoshiro generator;
  std::uint64_t value;
  do {
    value = generator.next();
  } while (value == 0);
  return value;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase is not allowed by the specification
}

std::optional<std::uint64_t> parse_hex(std::string_view text) {
  std::uint64_t value = 0;
  for (char c : text) {
    int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    value = (value << 4) | static_cast<std::uint64_t>(d);
  }
  return value;
}

}  // namespace

std::optional<TraceId> parse_trace_id(std::string_view hex) {
  if (hex.size() != 32) return std::nullopt;
  auto high = parse_hex(hex.substr(0, 16));
  auto low = parse_hex(hex.substr(16));
  if (!high || !low) return std::nullopt;
  return TraceId{*high, *low};
}

std::optional<std::uint64_t> parse_span_id(std::string_view hex) {
  if (hex.size() != 16) return std::nullopt;
  return parse_hex(hex);
}

TraceId new_trace_id() {
  return TraceId{random_nonzero(), random_nonzero()};
}
std::uint64_t new_span_id() {
  return random_nonzero();
}

char* write_hex(char* out, std::uint64_t id) {
  // The two digits of every byte value, so a byte costs one load and one two-byte store.
  static constexpr auto kPairs = [] {
    std::array<char, 512> pairs{};
    constexpr std::string_view kDigits = "0123456789abcdef";
    for (std::size_t byte = 0; byte < 256; ++byte) {
      pairs[2 * byte] = kDigits[byte >> 4];
      pairs[2 * byte + 1] = kDigits[byte & 0xF];
    }
    return pairs;
  }();
  for (int i = 7; i >= 0; --i) {
    std::memcpy(out + 2 * i, &kPairs[2 * (id & 0xFF)], 2);
    id >>= 8;
  }
  return out + 16;
}

void append_hex(std::string& out, std::uint64_t id) {
  char digits[16];
  out.append(digits, write_hex(digits, id));
}

std::string to_hex(std::uint64_t id) {
  std::string out;
  append_hex(out, id);
  return out;
}

std::string to_hex(TraceId id) {
  return to_hex(id.high) + to_hex(id.low);
}

std::optional<TraceContext> parse_traceparent(std::string_view header) {
  // version "-" trace-id "-" parent-id "-" flags; future versions may append "-" fields.
  if (header.size() < 55 || header[2] != '-' || header[35] != '-' || header[52] != '-') {
    return std::nullopt;
  }
  auto version = parse_hex(header.substr(0, 2));
  if (!version || *version == 0xff) return std::nullopt;
  if (*version == 0 && header.size() != 55) return std::nullopt;
  if (header.size() > 55 && header[55] != '-') return std::nullopt;
  auto high = parse_hex(header.substr(3, 16));
  auto low = parse_hex(header.substr(19, 16));
  auto parent = parse_hex(header.substr(36, 16));
  auto flags = parse_hex(header.substr(53, 2));
  if (!high || !low || !parent || !flags) return std::nullopt;
  TraceContext context{TraceId{*high, *low}, *parent, static_cast<std::uint8_t>(*flags)};
  if (!context.trace.valid() || context.parent_span == 0) return std::nullopt;
  return context;
}

std::string format_traceparent(TraceId trace, std::uint64_t span, std::uint8_t flags) {
  static const char* kDigits = "0123456789abcdef";
  std::string out = "00-" + to_hex(trace) + "-" + to_hex(span) + "-";
  out += kDigits[(flags >> 4) & 0xF];
  out += kDigits[flags & 0xF];
  return out;
}

}  // namespace plumb::telemetry
