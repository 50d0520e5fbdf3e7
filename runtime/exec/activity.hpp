// The span, observer and debug log events of one node execution (and of map items and loop
// iterations): begin() reads the clock and picks a span id, end() writes the span record,
// tells the observers and updates the node's counters. When neither spans, observers nor
// debug logs are on, only the counters' clock reads remain; items and iterations read the
// clock only for their spans.
#pragma once

#include "runtime/exec/state.hpp"

namespace plumb::exec {

// The context of observer events: the run, and where in it (a frame, optionally one item
// below it).
class FrameContext : public EventContext {
 public:
  explicit FrameContext(const Frame& frame, std::string_view item_label = {},
                        std::int64_t item_index = -1)
      : frame_(frame), label_(item_label), index_(item_index) {}
  std::string_view run_id() const override { return frame_.run->meta.run_id; }
  std::string_view trace_id() const override { return frame_.run->trace_hex; }
  int depth() const override { return frame_.depth + (index_ >= 0 ? 1 : 0); }
  std::string path() const override;
  KeyValueStore& store() const override { return frame_.run->store; }

 private:
  const Frame& frame_;
  std::string_view label_;
  std::int64_t index_;
};

struct Activity {
  std::uint64_t span = 0;
  std::uint64_t parent = 0;
  std::int64_t start = 0;
  // An expression node of the run's root frame runs once a run, start to end on one thread:
  // its counters need no locked instructions.
  bool exclusive = false;
};

struct Outcome {
  RunError* error = nullptr;  // end_node notes the attempt's span and number in it
  std::uint16_t attempt = 0;  // 0: not retried
  std::int64_t items_in = -1;
  std::int64_t items_out = -1;
  std::int8_t arm = -1;
  bool cached = false;
  telemetry::SpanExtras* extras = nullptr;  // ownership passes to the span record
};

// `start_ns`, when nonzero, is the start to use instead of reading the clock: the end of the
// predecessor that this node runs right after on the same thread (node_done), so a chain of
// nodes reads the clock once per node. end_node returns the end it recorded.
Activity begin_node(const Frame& frame, const NodePlan& node, std::uint32_t attempt = 1,
                    std::int64_t start_ns = 0);
std::int64_t end_node(const Frame& frame, const NodePlan& node, const Activity& activity,
                      Outcome outcome);

// Items and iterations: spans of kind Item/Iteration under the node's span.
Activity begin_part(const Frame& frame, std::uint64_t parent_span, bool traced);
void end_part(const Frame& frame, const NodePlan& node, telemetry::SpanKind kind,
              const Activity& activity, std::int64_t index, const RunError* error);

}  // namespace plumb::exec
