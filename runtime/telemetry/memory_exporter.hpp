// An exporter that keeps copies of every span in memory, for tests and for embedding
// applications that inspect a run's trace directly.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/telemetry/exporter.hpp"

namespace plumb::telemetry {

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
};

class MemoryExporter : public SpanExporter {
 public:
  void export_spans(std::span<const SpanView> spans) override;
  std::vector<RecordedSpan> spans() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<RecordedSpan> spans_;
};

// Copies a span view's attributes into a map (also used by other exporters' tests).
std::map<std::string, Value> collect_attributes(const SpanView& span);

}  // namespace plumb::telemetry
