// What a span is while it travels from a worker thread to the exporters. A SpanRecord is a
// fixed-size plain struct written into the recording thread's buffer: ids, times, the kind,
// small dynamic facts (attempt, item index, item counts, branch arm) and pointers to static
// metadata (the node, the run) from which exporters derive names and attributes. Anything
// rarer (an error, attributes a stage set, span events, a child span's name) hangs off
// `extras`, allocated only when needed; the exporting side frees it.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <plumb/node_site.hpp>
#include <plumb/value.hpp>

#include "runtime/telemetry/ids.hpp"

namespace plumb::telemetry {

// Static facts about a node, fixed when a program is compiled. Its site gives plumb.pipeline,
// plumb.node, plumb.stage (the stage name, or the node kind: `map`, `if`, ...) and the code
// location.
struct NodeMeta : NodeSite {
  std::uint32_t id = 0;  // the node's id in its program (the run store's node column)
  std::string callee;    // nested pipeline calls: the pipeline called
  std::vector<std::pair<std::string, std::string>> labels;  // @label
  std::string path;       // the node's path in its pipeline: the `node` label of its metrics
  std::string span_name;  // @span: the name of the node's span (empty: the node's name)
  // A region of the node holds `trace.*` calls: its spans (the node's, its items' or
  // iterations') take what they noted when they end.
  bool annotated = false;
};

// Facts about one run, alive until the run's spans are exported.
struct RunMeta {
  std::string pipeline;
  std::string backend;  // plumb.backend: `interp` or `jit`
  std::string run_id;
  // The run's spans lost on their way out, counted where they were lost: a full span ring
  // (only while no lossless exporter is attached), and a network exporter's full queue.
  mutable std::atomic<std::uint64_t> dropped_buffer_full{0};
  mutable std::atomic<std::uint64_t> dropped_queue_full{0};
};

enum class SpanKind : std::uint8_t { Run, Node, Item, Iteration, Child };

using Attributes = std::vector<std::pair<std::string, Value>>;

// An event on a span (`trace.event`): a name, a Unix time and attributes.
struct SpanEvent {
  std::string name;
  std::int64_t time_ns = 0;
  Attributes attributes;
};

struct SpanExtras {
  std::string name;  // a child span's name
  Attributes attributes;
  std::string error_type;
  std::string error_message;
  std::string error_stacktrace;  // where a stage failed, when it said (a Python traceback)
  std::vector<SpanEvent> events;
  std::uint32_t dropped_attributes = 0;  // refused by the per-span limits
  std::uint32_t dropped_events = 0;
};

struct SpanRecord {
  TraceId trace;
  std::uint64_t span_id = 0;
  std::uint64_t parent_id = 0;
  std::int64_t start_ns = 0;  // Unix time
  std::int64_t end_ns = 0;
  const NodeMeta* node = nullptr;
  const RunMeta* run = nullptr;
  SpanExtras* extras = nullptr;
  std::int64_t index = -1;     // item index or iteration number
  std::int64_t items_in = -1;  // -1: not reported
  std::int64_t items_out = -1;
  std::uint32_t thread = 0;   // worker index (the Chrome exporter's `tid`)
  std::uint16_t attempt = 0;  // retry attempt, 1-based; 0 when not a retried node
  SpanKind kind = SpanKind::Node;
  bool error = false;
  std::int8_t arm = -1;  // branch arm taken (0 = then), -1 when not a branch
  bool cache_hit = false;
};

}  // namespace plumb::telemetry
