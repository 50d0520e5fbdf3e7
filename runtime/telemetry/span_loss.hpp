// What plumb says about spans that did not reach a network exporter (file exporters never
// drop): `plumb: warning: 1,234 spans were dropped (exporter queue full); ...`, with the
// reason and what to tune, at the end of each run for the spans it lost on the way in, and
// at the exporter's shutdown for spans it accepted but could not deliver.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace plumb::telemetry {

// A run's spans lost before any exporter sent them.
struct SpanLoss {
  std::uint64_t buffer_full = 0;  // span rings full while no lossless exporter was attached
  std::uint64_t queue_full = 0;   // refused by a network exporter's full queue
  std::uint64_t total() const { return buffer_full + queue_full; }
};

// `1234567` → `1,234,567`.
std::string group_thousands(std::uint64_t count);

// One warning per reason on stderr; nothing when nothing was lost. `max_queue` is the network
// exporter's queue size (OTEL_BSP_MAX_QUEUE_SIZE).
void warn_dropped(const SpanLoss& loss, std::size_t max_queue);

// Warnings on stderr for spans a network exporter queued but could not deliver (`failed`:
// sends that failed or timed out, or were still queued at the shutdown deadline) and spans
// the receiver refused in a partial success.
void warn_undelivered(std::uint64_t failed, std::uint64_t rejected,
                      std::chrono::milliseconds shutdown_timeout);

}  // namespace plumb::telemetry
