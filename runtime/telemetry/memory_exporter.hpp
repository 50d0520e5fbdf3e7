// An exporter that keeps copies of every span in memory, for tests and for embedding
// applications that inspect a run's trace directly. Given a Redactor, it redacts attribute
// values as the other exporters do.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

struct RecordedEvent {
  std::string name;
  std::int64_t time_ns = 0;
  std::map<std::string, Value> attributes;
};

struct RecordedSpan {
  TraceId trace;
  std::uint64_t span_id = 0;
  std::uint64_t parent_id = 0;
  std::string name;
  SpanKind kind = SpanKind::Node;
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t thread = 0;
  bool error = false;
  std::string error_type;
  std::string error_message;
  std::string error_stacktrace;
  std::map<std::string, Value> attributes;
  std::vector<RecordedEvent> events;
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
};

class MemoryExporter : public SpanExporter {
 public:
  bool lossless() const override { return true; }
  explicit MemoryExporter(std::shared_ptr<const Redactor> redactor = nullptr)
      : redactor_(std::move(redactor)) {}
  void export_spans(std::span<const SpanView> spans) override;
  std::vector<RecordedSpan> spans() const;
  void clear();

 private:
  std::shared_ptr<const Redactor> redactor_;
  mutable std::mutex mutex_;
  std::vector<RecordedSpan> spans_;
};

// Copies a span view's attributes into a map (also used by other exporters' tests), redacted
// when a redactor is given.
std::map<std::string, Value> collect_attributes(const SpanView& span,
                                                const Redactor* redactor = nullptr);

}  // namespace plumb::telemetry
