// Span exporters receive batches of finished spans off the hot path (on the telemetry
// drainer's thread, at a flush, or on a worker whose span ring is full while a lossless
// exporter is attached). Implementations: the in-memory exporter (tests), the Chrome trace
// JSON writer (`--trace-out`), the OTLP JSON Lines file (`--otlp-file`) and the OTLP/HTTP
// exporter.
#pragma once

#include <span>
#include <string>

#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Whether this exporter must receive every span recorded. While a lossless exporter is
  // attached, a worker whose span ring is full waits until the rings are drained instead
  // of dropping the span (bounded memory, slower run). Sinks that write files or tables
  // are lossless; a network exporter is not: it queues and drops under the OpenTelemetry
  // batch processor rules, counts what it drops and says so.
  virtual bool lossless() const = 0;
  // Called with one batch at a time, never concurrently unless concurrent() says it may be.
  virtual void export_spans(std::span<const SpanView> spans) = 0;
  // Whether export_spans may run on several threads at once (each with its own batch): the
  // telemetry then lets a worker whose ring is full and the drainer export at the same time.
  virtual bool concurrent() const { return false; }
  // Writes out what is buffered (end of a run).
  virtual void flush() {}
  // Last call: flush within the exporter's deadline and release resources.
  virtual void shutdown() {}
  // Why the output is incomplete (`cannot write trace.json: No space left on device`), or
  // empty; meaningful after flush() and shutdown().
  virtual std::string output_error() const { return {}; }
};

}  // namespace plumb::telemetry
