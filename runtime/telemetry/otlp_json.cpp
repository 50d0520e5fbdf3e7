// OTLP/JSON encoders: hand-rolled appends (no DOM), so a span costs one pass over its
// attributes.
#include "runtime/telemetry/otlp_json.hpp"

#include <plumb/json.hpp>

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

namespace {

constexpr int kSpanKindInternal = 1;
constexpr int kStatusError = 2;

// Appends `{"key":"k","value":{...}}` items to a JSON array being built.
class KeyValueWriter : public AttributeVisitor {
 public:
  explicit KeyValueWriter(std::string& out) : out_(out) {}
  void string(std::string_view key, std::string_view value) override {
    open(key, "stringValue");
    append_json_string(out_, value);
    out_ += "}}";
  }
  void integer(std::string_view key, std::int64_t value) override {
    open(key, "intValue");
    out_ += '"';
    append_int(out_, value);
    out_ += "\"}}";
  }
  void number(std::string_view key, double value) override {
    open(key, "doubleValue");
    append_double(out_, value);
    out_ += "}}";
  }
  void boolean(std::string_view key, bool value) override {
    open(key, "boolValue");
    out_ += value ? "true}}" : "false}}";
  }
  void value(std::string_view key, const Value& v) {
    switch (v.kind()) {
      case ValueKind::Int:
        integer(key, v.as_int());
        break;
      case ValueKind::Float:
        number(key, v.as_float());
        break;
      case ValueKind::Bool:
        boolean(key, v.as_bool());
        break;
      case ValueKind::Str:
        string(key, v.as_str());
        break;
      default:
        string(key, to_json(v));
        break;
    }
  }

 private:
  void open(std::string_view key, const char* type) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += "{\"key\":";
    append_json_string(out_, key);
    out_ += ",\"value\":{\"";
    out_ += type;
    out_ += "\":";
  }
  std::string& out_;
  bool first_ = true;
};

void append_id_field(std::string& out, const char* key, std::uint64_t id) {
  out += ",\"";
  out += key;
  out += "\":\"";
  append_hex(out, id);
  out += '"';
}

void append_hex_field(std::string& out, const char* key, const std::string& hex) {
  out += ",\"";
  out += key;
  out += "\":\"";
  out += hex;
  out += '"';
}

std::string encode_request(std::span<const ExportItem> items, const ResourceAttributes& resource,
                           const char* resources_key, const char* scopes_key,
                           const char* records_key) {
  std::string out;
  std::size_t size = 256;
  for (const ExportItem& item : items)
    size += item.encoded.size() + 1;
  out.reserve(size);
  out += "{\"";
  out += resources_key;
  out += "\":[";
  for (std::size_t i = 0; i < items.size();) {
    if (i > 0) out += ',';
    append_resource(out, items[i].service, resource);
    out += ",\"";
    out += scopes_key;
    out += "\":[{\"scope\":{\"name\":\"plumb\"},\"";
    out += records_key;
    out += "\":[";
    std::size_t j = i;
    for (; j < items.size() && items[j].service == items[i].service; ++j) {
      if (j > i) out += ',';
      out += items[j].encoded;
    }
    out += "]}]}";
    i = j;
  }
  out += "]}";
  return out;
}

}  // namespace

void encode_span(std::string& out, const SpanView& span, const Redactor& redactor) {
  const SpanRecord& r = span.record();
  out += "{\"traceId\":\"";
  append_hex(out, r.trace.high);
  append_hex(out, r.trace.low);
  out += '"';
  append_id_field(out, "spanId", r.span_id);
  if (r.parent_id != 0) append_id_field(out, "parentSpanId", r.parent_id);
  out += ",\"name\":";
  append_json_string(out, span.name());
  out += ",\"kind\":";
  append_int(out, kSpanKindInternal);
  append_time(out, "startTimeUnixNano", r.start_ns);
  append_time(out, "endTimeUnixNano", r.end_ns);
  out += ",\"attributes\":[";
  {
    KeyValueWriter writer(out);
    RedactingVisitor redacting(redactor, writer);
    span.attributes(redacting);
  }
  out += ']';
  if (span.dropped_attributes() > 0) {
    out += ",\"droppedAttributesCount\":";
    append_uint(out, span.dropped_attributes());
  }
  // The events of `trace.event`, then a failure's `exception` event.
  if (!span.events().empty() || r.error) {
    out += ",\"events\":[";
    bool first = true;
    auto open_event = [&](std::string_view name, std::int64_t time_ns) {
      if (!first) out += ',';
      first = false;
      out += "{\"name\":";
      append_json_string(out, name);
      append_time(out, "timeUnixNano", time_ns);
      out += ",\"attributes\":[";
    };
    for (const SpanEvent& event : span.events()) {
      open_event(event.name, event.time_ns);
      KeyValueWriter writer(out);
      RedactingVisitor redacting(redactor, writer);
      visit_attributes(event.attributes, redacting);
      out += "]}";
    }
    if (r.error) {
      open_event("exception", r.end_ns);
      KeyValueWriter writer(out);
      writer.string("exception.type", span.error_type());
      writer.string("exception.message", span.error_message());
      if (!span.error_stacktrace().empty()) {
        writer.string("exception.stacktrace", span.error_stacktrace());
      }
      out += "]}";
    }
    out += ']';
  }
  if (span.dropped_events() > 0) {
    out += ",\"droppedEventsCount\":";
    append_uint(out, span.dropped_events());
  }
  if (r.error) {
    out += ",\"status\":{\"code\":";
    append_int(out, kStatusError);
    out += ",\"message\":";
    append_json_string(out, span.error_message());
    out += '}';
  }
  out += '}';
}

void encode_log(std::string& out, const LogRecord& record, const Redactor& redactor) {
  out += '{';
  out += "\"timeUnixNano\":\"";
  append_int(out, record.time_ns);
  out += '"';
  append_time(out, "observedTimeUnixNano", record.time_ns);
  out += ",\"severityNumber\":";
  append_int(out, severity_number(record.level));
  out += ",\"severityText\":";
  append_json_string(out, severity_text(record.level));
  out += ",\"body\":{\"stringValue\":";
  append_json_string(out, shown_message(record));
  out += "},\"attributes\":[";
  {
    KeyValueWriter writer(out);
    writer.string("plumb.logger", record.logger);
    if (!record.pipeline.empty()) writer.string("plumb.pipeline", record.pipeline);
    if (!record.node.empty()) writer.string("plumb.node", record.node);
    if (record.sequence != 0)
      writer.integer("plumb.log.sequence", static_cast<std::int64_t>(record.sequence));
    for (const auto& [key, value] : record.fields)
      writer.value(key, redactor.field(key, value));
  }
  out += ']';
  if (!record.trace_id.empty()) {
    append_hex_field(out, "traceId", record.trace_id);
    append_hex_field(out, "spanId", record.span_id);
    out += ",\"flags\":";
    append_int(out, record.trace_flags);
  }
  out += '}';
}

std::string encode_traces_request(std::span<const ExportItem> spans,
                                  const ResourceAttributes& resource) {
  return encode_request(spans, resource, "resourceSpans", "scopeSpans", "spans");
}

std::string encode_logs_request(std::span<const ExportItem> logs,
                                const ResourceAttributes& resource) {
  return encode_request(logs, resource, "resourceLogs", "scopeLogs", "logRecords");
}

void append_resource(std::string& out, const std::string& service,
                     const ResourceAttributes& resource) {
  out += "{\"resource\":{\"attributes\":[";
  KeyValueWriter writer(out);
  writer.string("service.name", service);
  for (const auto& [key, value] : resource) {
    if (key != "service.name") writer.string(key, value);
  }
  out += "]}";
}

void append_time(std::string& out, const char* key, std::int64_t ns) {
  out += ",\"";
  out += key;
  out += "\":\"";
  append_int(out, ns);
  out += '"';
}

void append_string_attributes(std::string& out, const ResourceAttributes& attributes) {
  out += '[';
  KeyValueWriter writer(out);
  for (const auto& [key, value] : attributes)
    writer.string(key, value);
  out += ']';
}

int severity_number(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return 5;
    case LogLevel::Info:
      return 9;
    case LogLevel::Warn:
      return 13;
    case LogLevel::Error:
      return 17;
  }
  return 9;
}

std::string severity_text(LogLevel level) {
  std::string text(level_name(level));
  for (char& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

ResourceAttributes sdk_resource(const ResourceAttributes& extra) {
  ResourceAttributes out = {{"telemetry.sdk.name", "plumb"},
                            {"telemetry.sdk.language", "cpp"},
                            {"telemetry.sdk.version", "0.1.0"}};
  for (const auto& attribute : extra)
    out.push_back(attribute);
  return out;
}

}  // namespace plumb::telemetry
