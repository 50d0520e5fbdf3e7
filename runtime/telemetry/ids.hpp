// Trace and span identifiers (W3C Trace Context): 128-bit trace ids and 64-bit span ids,
// random and never zero, from a fast per-thread generator seeded from the operating system;
// lowercase-hex formatting; and parsing of a `traceparent` header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plumb::telemetry {

struct TraceId {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  bool valid() const { return high != 0 || low != 0; }
  friend bool operator==(TraceId a, TraceId b) { return a.high == b.high && a.low == b.low; }
};

TraceId new_trace_id();
std::uint64_t new_span_id();

std::string to_hex(TraceId id);                       // 32 lowercase hex digits
std::string to_hex(std::uint64_t id);                 // 16 lowercase hex digits
void append_hex(std::string& out, std::uint64_t id);  // the same, appended
char* write_hex(char* out, std::uint64_t id);         // the same at `out`; returns out + 16
// The inverses of to_hex: exactly 32 (16) lowercase hex digits, else nullopt.
std::optional<TraceId> parse_trace_id(std::string_view hex);
std::optional<std::uint64_t> parse_span_id(std::string_view hex);

struct TraceContext {
  TraceId trace;
  std::uint64_t parent_span = 0;
  std::uint8_t flags = 1;  // bit 0: sampled
};

// Parses `00-<32 hex>-<16 hex>-<2 hex>`; nullopt when malformed, when an id is all zeros, or
// for version `ff` (the rules of the W3C specification).
std::optional<TraceContext> parse_traceparent(std::string_view header);
std::string format_traceparent(TraceId trace, std::uint64_t span, std::uint8_t flags);

}  // namespace plumb::telemetry
