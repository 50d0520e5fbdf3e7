// Observers: callbacks for the lifecycle of a run. The runtime calls them at the same points
// where it records spans — pipeline start/end, node start/end/cached/error, nested pipeline
// start/end, map start, map item start/end, map end — from whichever worker thread runs the
// node, so implementations must be thread-safe and quick. Every event carries a context:
// the run id, the depth and hierarchy path of what happened, the trace and span ids, and a
// key-value store shared by all observers of the run. Nested pipelines report to the same
// observers as their caller.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <plumb/value.hpp>

namespace plumb {

// A thread-safe store observers can use to share state within one run.
class KeyValueStore {
 public:
  void set(const std::string& key, Value value);
  std::optional<Value> get(const std::string& key) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Value> values_;
};

class EventContext {
 public:
  virtual ~EventContext() = default;
  virtual std::string_view run_id() const = 0;
  virtual std::string_view trace_id() const = 0;  // 32 hex digits
  // 0 for the run's own pipeline; each nested pipeline, branch, loop iteration or map item
  // adds one.
  virtual int depth() const = 0;
  // Where the event happened, e.g. `main/scored[3]/s` (built when asked for).
  virtual std::string path() const = 0;
  virtual KeyValueStore& store() const = 0;
};

struct PipelineEvent {
  const EventContext& context;
  std::string_view pipeline;
  bool nested;
  bool ok = true;          // end events
  double seconds = 0;      // end events
  std::string_view error;  // end events of failed runs
};

struct NodeEvent {
  const EventContext& context;
  std::string_view pipeline;
  std::string_view node;
  std::string_view stage;  // the stage name, or the node kind (`map`, `if`, `expr`, ...)
  std::string_view file;
  std::uint32_t line;
  std::uint32_t attempt = 1;
  std::uint64_t span_id = 0;
  bool ok = true;                     // end events
  double seconds = 0;                 // end events
  std::string_view error_type;        // error events
  std::string_view error;             // error events
  std::string_view error_stacktrace;  // error events: where in the stage, when it said
};

struct MapEvent {
  const EventContext& context;
  std::string_view node;
  std::int64_t items_in = 0;
  std::int64_t items_out = 0;  // end events
  bool ok = true;
  double seconds = 0;
};

struct MapItemEvent {
  const EventContext& context;
  std::string_view node;
  std::int64_t index;
  bool ok = true;
  double seconds = 0;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_pipeline_start(const PipelineEvent&) {}
  virtual void on_pipeline_end(const PipelineEvent&) {}
  virtual void on_node_start(const NodeEvent&) {}
  virtual void on_node_end(const NodeEvent&) {}
  virtual void on_node_cached(const NodeEvent&) {}
  virtual void on_node_error(const NodeEvent&) {}
  virtual void on_nested_pipeline_start(const PipelineEvent&) {}
  virtual void on_nested_pipeline_end(const PipelineEvent&) {}
  virtual void on_map_start(const MapEvent&) {}
  virtual void on_map_item_start(const MapItemEvent&) {}
  virtual void on_map_item_end(const MapItemEvent&) {}
  virtual void on_map_end(const MapEvent&) {}
};

}  // namespace plumb
