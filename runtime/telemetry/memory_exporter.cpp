// MemoryExporter: owning copies of spans.
#include "runtime/telemetry/memory_exporter.hpp"

namespace plumb::telemetry {

namespace {

class MapVisitor : public AttributeVisitor {
 public:
  explicit MapVisitor(std::map<std::string, Value>& out) : out_(out) {}
  void string(std::string_view key, std::string_view value) override {
    out_[std::string(key)] = Value::string(value);
  }
  void integer(std::string_view key, std::int64_t value) override {
    out_[std::string(key)] = Value::integer(value);
  }
  void number(std::string_view key, double value) override {
    out_[std::string(key)] = Value::number(value);
  }
  void boolean(std::string_view key, bool value) override {
    out_[std::string(key)] = Value::boolean(value);
  }

 private:
  std::map<std::string, Value>& out_;
};

}  // namespace

std::map<std::string, Value> collect_attributes(const SpanView& span) {
  std::map<std::string, Value> attributes;
  MapVisitor visitor(attributes);
  span.attributes(visitor);
  return attributes;
}

void MemoryExporter::export_spans(std::span<const SpanView> spans) {
  std::lock_guard lock(mutex_);
  for (const SpanView& view : spans) {
    const SpanRecord& r = view.record();
    spans_.push_back(RecordedSpan{r.trace, r.span_id, r.parent_id, view.name(), r.kind, r.start_ns,
                                  r.end_ns, r.thread, r.error, std::string(view.error_type()),
                                  std::string(view.error_message()),
                                  std::string(view.error_stacktrace()), collect_attributes(view)});
  }
}

std::vector<RecordedSpan> MemoryExporter::spans() const {
  std::lock_guard lock(mutex_);
  return spans_;
}

void MemoryExporter::clear() {
  std::lock_guard lock(mutex_);
  spans_.clear();
}

}  // namespace plumb::telemetry
