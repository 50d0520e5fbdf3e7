// Span exporters receive batches of finished spans off the hot path (on the telemetry
// drainer's thread, or at a flush). Implementations: the in-memory exporter (tests), the
// Chrome trace JSON writer (`--trace-out`), and the OTLP exporter (telemetry export).
#pragma once

#include <span>

#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Whether this exporter must receive every span (a file or the run store) rather than
  // drop under load like a network exporter.
  virtual bool lossless() const { return false; }
  // Called with one batch at a time, never concurrently.
  virtual void export_spans(std::span<const SpanView> spans) = 0;
  // Writes out what is buffered (end of a run).
  virtual void flush() {}
  // Last call: flush within the exporter's deadline and release resources.
  virtual void shutdown() {}
};

}  // namespace plumb::telemetry
