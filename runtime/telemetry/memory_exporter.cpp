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

// Visits attributes into a map through the redactor, when there is one.
template <typename Visit>
std::map<std::string, Value> copy_attributes(const Redactor* redactor, Visit visit) {
  std::map<std::string, Value> attributes;
  MapVisitor copy(attributes);
  if (redactor) {
    RedactingVisitor redacting(*redactor, copy);
    visit(redacting);
  } else {
    visit(copy);
  }
  return attributes;
}

}  // namespace

std::map<std::string, Value> collect_attributes(const SpanView& span, const Redactor* redactor) {
  return copy_attributes(redactor, [&](AttributeVisitor& visit) { span.attributes(visit); });
}

void MemoryExporter::export_spans(std::span<const SpanView> spans) {
  std::lock_guard lock(mutex_);
  for (const SpanView& view : spans) {
    const SpanRecord& r = view.record();
    RecordedSpan& copy = spans_.emplace_back(RecordedSpan{
        r.trace, r.span_id, r.parent_id, view.name(), r.kind, r.start_ns, r.end_ns, r.thread,
        r.error, std::string(view.error_type()), std::string(view.error_message()),
        std::string(view.error_stacktrace()), collect_attributes(view, redactor_.get())});
    for (const SpanEvent& event : view.events()) {
      copy.events.push_back(RecordedEvent{
          event.name, event.time_ns, copy_attributes(redactor_.get(), [&](AttributeVisitor& visit) {
            visit_attributes(event.attributes, visit);
          })});
    }
    copy.dropped_attributes = view.dropped_attributes();
    copy.dropped_events = view.dropped_events();
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
