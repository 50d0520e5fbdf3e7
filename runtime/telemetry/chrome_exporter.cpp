// ChromeTraceExporter: JSON Trace Event format, written with a small hand-rolled encoder.
#include "runtime/telemetry/chrome_exporter.hpp"

#include <algorithm>
#include <cstring>

#include <plumb/json.hpp>

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

namespace {

void append_micros(std::string& out, std::int64_t ns) {
  // Microseconds with three decimals, the unit of the Trace Event format.
  append_int(out, ns / 1000);
  out += '.';
  std::int64_t frac = ns % 1000;
  if (frac < 0) frac += 1000;
  char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                    static_cast<char>('0' + frac % 10), 0};
  out += digits;
}

// Writes attributes as the members of `args`: the values of secret keys as `[REDACTED]`, URL
// credentials in strings and secret keys inside lists and records redacted.
class ArgsWriter : public AttributeVisitor {
 public:
  // Every member follows `span_id`, so each starts with a comma.
  ArgsWriter(std::string& out, EncodedKeys& keys) : out_(out), keys_(keys) {}
  void string(std::string_view key, std::string_view value) override {
    if (!key_(key)) return;
    if (mentions_url(value)) {
      append_json_string(out_, redact_urls(value));
    } else {
      append_json_string(out_, value);
    }
  }
  void integer(std::string_view key, std::int64_t value) override {
    if (key_(key)) append_int(out_, value);
  }
  void number(std::string_view key, double value) override {
    if (key_(key)) out_ += to_json(Value::number(value));
  }
  void boolean(std::string_view key, bool value) override {
    if (key_(key)) out_ += value ? "true" : "false";
  }
  // Lists and records as JSON text, secret keys at any depth redacted.
  void structured(std::string_view key, const Value& value) override {
    if (key_(key)) append_json_string(out_, to_json(keys_.redactor().redacted(value)));
  }

 private:
  // Writes `,"key":` (with the redacted value when the key is secret); true when the value
  // is the caller's to write.
  bool key_(std::string_view key) {
    const EncodedKeys::Entry& entry = keys_.find(key);
    out_ += entry.text;
    return !entry.secret;
  }
  std::string& out_;
  EncodedKeys& keys_;
};

// A key's set of slots, from its length and first and last eight bytes (a few instructions,
// where a hash of every byte costs more than the rest of the lookup): the keys of one span
// differ there. Keys that meet in a full set only cost their encoding again.
std::size_t set_of(std::string_view key) {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  std::memcpy(&head, key.data(), std::min<std::size_t>(8, key.size()));
  if (key.size() > 8) std::memcpy(&tail, key.data() + key.size() - 8, 8);
  const std::uint64_t mixed =
      (head ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ key.size()) * 0x9E3779B97F4A7C15ULL;
  return static_cast<std::size_t>(mixed >> 58);  // 64 sets
}

const char* category(SpanKind kind) {
  switch (kind) {
    case SpanKind::Run:
      return "pipeline";
    case SpanKind::Node:
      return "node";
    case SpanKind::Item:
      return "item";
    case SpanKind::Iteration:
      return "iteration";
    case SpanKind::Child:
      return "span";
  }
  return "span";
}

}  // namespace

const EncodedKeys::Entry& EncodedKeys::find(std::string_view key) {
  if (key.size() > kMaxKey) {
    encode(key, long_key_);
    return long_key_;
  }
  // Two slots per set, the most recently filled first.
  Slot* set = &slots_[2 * set_of(key)];
  for (int way = 0; way < 2; ++way) {
    if (set[way].known && set[way].key == key) return set[way].entry;
  }
  std::swap(set[0], set[1]);
  set[0].key.assign(key);
  encode(key, set[0].entry);
  set[0].known = true;
  return set[0].entry;
}

void EncodedKeys::encode(std::string_view key, Entry& entry) const {
  entry.text = ",";
  append_json_string(entry.text, key);
  entry.text += ':';
  entry.secret = redactor_->secret(key);
  if (entry.secret) append_json_string(entry.text, kRedacted);
}

ChromeTraceExporter::ChromeTraceExporter(const std::string& path,
                                         std::shared_ptr<const Redactor> redactor)
    : file_(path, "trace file"), keys_(std::move(redactor)) {
  file_.write("[\n");
}

ChromeTraceExporter::~ChromeTraceExporter() {
  close();
}

void ChromeTraceExporter::export_spans(std::span<const SpanView> spans) {
  if (!file_.is_open()) return;
  buffer_.clear();
  for (const SpanView& span : spans) {
    const SpanRecord& r = span.record();
    if (named_threads_.insert(r.thread).second) {
      buffer_ += first_ ? "" : ",\n";
      first_ = false;
      buffer_ += R"({"name":"thread_name","ph":"M","pid":1,"tid":)";
      append_uint(buffer_, r.thread);
      buffer_ += R"(,"args":{"name":"worker )";
      append_uint(buffer_, r.thread);
      buffer_ += "\"}}";
    }
    buffer_ += first_ ? "" : ",\n";
    first_ = false;
    buffer_ += "{\"name\":";
    append_json_string(buffer_, span.name());
    buffer_ += ",\"cat\":\"";
    buffer_ += category(r.kind);
    buffer_ += "\",\"ph\":\"X\",\"ts\":";
    append_micros(buffer_, r.start_ns);
    buffer_ += ",\"dur\":";
    append_micros(buffer_, r.end_ns - r.start_ns);
    buffer_ += ",\"pid\":1,\"tid\":";
    append_uint(buffer_, r.thread);
    buffer_ += ",\"args\":{\"span_id\":\"";
    append_hex(buffer_, r.span_id);
    buffer_ += '"';
    if (r.parent_id) {
      buffer_ += ",\"parent_id\":\"";
      append_hex(buffer_, r.parent_id);
      buffer_ += '"';
    }
    ArgsWriter args(buffer_, keys_);
    span.attributes(args);
    if (r.error) {
      buffer_ += ",\"error\":true,\"exception.type\":";
      append_json_string(buffer_, span.error_type());
      buffer_ += ",\"exception.message\":";
      append_json_string(buffer_, span.error_message());
      if (!span.error_stacktrace().empty()) {
        buffer_ += ",\"exception.stacktrace\":";
        append_json_string(buffer_, span.error_stacktrace());
      }
    }
    buffer_ += "}}";
    // Span events (`trace.event`) as instant events on the span's thread.
    for (const SpanEvent& event : span.events()) {
      buffer_ += ",\n{\"name\":";
      append_json_string(buffer_, event.name);
      buffer_ += ",\"cat\":\"event\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
      append_micros(buffer_, event.time_ns);
      buffer_ += ",\"pid\":1,\"tid\":";
      append_uint(buffer_, r.thread);
      buffer_ += ",\"args\":{\"span_id\":\"";
      append_hex(buffer_, r.span_id);
      buffer_ += '"';
      ArgsWriter event_args(buffer_, keys_);
      visit_attributes(event.attributes, event_args);
      buffer_ += "}}";
    }
  }
  file_.write(buffer_);
}

void ChromeTraceExporter::flush() {
  file_.flush();
}

void ChromeTraceExporter::shutdown() {
  close();
}

std::string ChromeTraceExporter::output_error() const {
  return file_.error();
}

void ChromeTraceExporter::close() {
  if (!file_.is_open()) return;
  file_.write("\n]\n");
  file_.close();
}

}  // namespace plumb::telemetry
