// What the store keeps about a run while it is being recorded, shared by the span sink (on the
// telemetry thread), the span writer (its own thread) and the recording that ends the run:
// the run's key, the spans counted and left out, and the durations of its node spans (exact
// percentiles per node at the end). A SpanRow is one span as the `spans` table stores it.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace plumb::store {

struct SpanRow {
  std::int64_t seq = 0;
  std::int64_t span_id = 0;  // the 64-bit id, stored as a signed integer
  std::int64_t parent_id = 0;
  const char* kind = "node";
  std::string name;
  std::int64_t node = -1;  // -1: NULL
  std::int64_t item = -1;  // -1: NULL
  std::int64_t start_ns = 0;
  std::int64_t duration_ns = 0;
  std::int64_t thread = 0;
  bool error = false;
  std::string error_type;
  std::string error_message;
  std::string attributes;  // JSON object, empty: NULL
};

// LLM usage of one node, summed from its child spans' GenAI attributes.
struct NodeUsage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
};

struct RecordingState {
  std::string id;
  std::int64_t key = 0;  // runs.run
  std::int64_t started_ns = 0;
  // Set when a write for this run failed: its later spans are dropped and its end is not
  // written (the store already warned).
  std::atomic<bool> failed{false};

  std::mutex mutex;  // guards what follows
  std::int64_t next_seq = 0;
  std::int64_t spans = 0;
  std::int64_t spans_left_out = 0;
  std::unordered_map<std::uint32_t, std::vector<std::int64_t>> node_durations;
  std::unordered_map<std::uint32_t, NodeUsage> node_usage;
};

}  // namespace plumb::store
