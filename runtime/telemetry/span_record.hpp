// What a span is while it travels from a worker thread to the exporters. A SpanRecord is a
// fixed-size plain struct written into the recording thread's buffer: ids, times, the kind,
// small dynamic facts (attempt, item index, item counts, branch arm) and pointers to static
// metadata (the node, the run) from which exporters derive names and attributes. Anything
// rarer (an error, attributes a stage set, a child span's name) hangs off `extras`, allocated
// only when needed; the exporting side frees it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <plumb/value.hpp>

#include "runtime/telemetry/ids.hpp"

namespace plumb::telemetry {

// Static facts about a node, fixed when a program is compiled.
struct NodeMeta {
  std::string name;      // plumb.node
  std::string pipeline;  // plumb.pipeline: the pipeline containing the node
  std::string stage;     // plumb.stage: the stage name, or the node kind (`map`, `if`, ...)
  std::string callee;    // nested pipeline calls: the pipeline called
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  std::vector<std::pair<std::string, std::string>> labels;  // @label
};

// Facts about one run, alive until the run's spans are exported.
struct RunMeta {
  std::string pipeline;
  std::string backend;  // plumb.backend: `interp` or `jit`
  std::string run_id;
};

enum class SpanKind : std::uint8_t { Run, Node, Item, Iteration, Child };

struct SpanExtras {
  std::string name;  // a child span's name
  std::vector<std::pair<std::string, Value>> attributes;
  std::string error_type;
  std::string error_message;
  std::string error_stacktrace;  // where a stage failed, when it said (a Python traceback)
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
