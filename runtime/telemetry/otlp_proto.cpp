// OTLP protobuf encoders and response readers. Field numbers are those of
// runtime/telemetry/proto/opentelemetry/proto/ (named in the comments by message.field).
#include "runtime/telemetry/otlp_proto.hpp"

#include <plumb/json.hpp>

#include "runtime/telemetry/protobuf_wire.hpp"

namespace plumb::telemetry {

namespace {

using protobuf::Writer;

// common.v1.KeyValue and AnyValue.
constexpr std::uint32_t kKeyValueKey = 1;
constexpr std::uint32_t kKeyValueValue = 2;
constexpr std::uint32_t kAnyString = 1;
constexpr std::uint32_t kAnyBool = 2;
constexpr std::uint32_t kAnyInt = 3;
constexpr std::uint32_t kAnyDouble = 4;

// trace.v1.Span, Span.Event and Status.
constexpr std::uint32_t kSpanTraceId = 1;
constexpr std::uint32_t kSpanSpanId = 2;
constexpr std::uint32_t kSpanParentSpanId = 4;
constexpr std::uint32_t kSpanName = 5;
constexpr std::uint32_t kSpanKind = 6;
constexpr std::uint32_t kSpanStart = 7;
constexpr std::uint32_t kSpanEnd = 8;
constexpr std::uint32_t kSpanAttributes = 9;
constexpr std::uint32_t kSpanDroppedAttributes = 10;
constexpr std::uint32_t kSpanEvents = 11;
constexpr std::uint32_t kSpanDroppedEvents = 12;
constexpr std::uint32_t kSpanStatus = 15;
constexpr std::uint32_t kEventTime = 1;
constexpr std::uint32_t kEventName = 2;
constexpr std::uint32_t kEventAttributes = 3;
constexpr std::uint32_t kStatusMessage = 2;
constexpr std::uint32_t kStatusCode = 3;
constexpr std::uint64_t kSpanKindInternal = 1;
constexpr std::uint64_t kStatusCodeError = 2;

// logs.v1.LogRecord.
constexpr std::uint32_t kLogTime = 1;
constexpr std::uint32_t kLogSeverityNumber = 2;
constexpr std::uint32_t kLogSeverityText = 3;
constexpr std::uint32_t kLogBody = 5;
constexpr std::uint32_t kLogAttributes = 6;
constexpr std::uint32_t kLogFlags = 8;
constexpr std::uint32_t kLogTraceId = 9;
constexpr std::uint32_t kLogSpanId = 10;
constexpr std::uint32_t kLogObservedTime = 11;

// Export*ServiceRequest.resource_* = 1; Resource* .resource = 1, .scope_* = 2;
// Scope* .scope = 1, .spans / .log_records = 2; Resource.attributes = 1;
// InstrumentationScope.name = 1.
constexpr std::uint32_t kRequestResources = 1;
constexpr std::uint32_t kResourceOf = 1;
constexpr std::uint32_t kScopesOf = 2;
constexpr std::uint32_t kScopeOf = 1;
constexpr std::uint32_t kRecordsOf = 2;
constexpr std::uint32_t kResourceAttributes = 1;
constexpr std::uint32_t kScopeName = 1;

// Writes span attributes as KeyValue fields.
class KeyValueWriter : public AttributeVisitor {
 public:
  KeyValueWriter(Writer& writer, std::uint32_t field) : w_(writer), field_(field) {}
  void string(std::string_view key, std::string_view value) override {
    const auto mark = open(key);
    w_.bytes(kAnyString, value);
    close(mark);
  }
  void integer(std::string_view key, std::int64_t value) override {
    const auto mark = open(key);
    w_.varint(kAnyInt, static_cast<std::uint64_t>(value));
    close(mark);
  }
  void number(std::string_view key, double value) override {
    const auto mark = open(key);
    w_.float64(kAnyDouble, value);
    close(mark);
  }
  void boolean(std::string_view key, bool value) override {
    const auto mark = open(key);
    w_.varint(kAnyBool, value ? 1 : 0);
    close(mark);
  }
  void value(std::string_view key, const Value& v) {
    switch (v.kind()) {
      case ValueKind::Int:
        return integer(key, v.as_int());
      case ValueKind::Float:
        return number(key, v.as_float());
      case ValueKind::Bool:
        return boolean(key, v.as_bool());
      case ValueKind::Str:
        return string(key, v.as_str());
      default:
        return string(key, to_json(v));
    }
  }

 private:
  std::pair<std::size_t, std::size_t> open(std::string_view key) {
    const std::size_t pair = w_.begin(field_);
    w_.bytes(kKeyValueKey, key);
    return {pair, w_.begin(kKeyValueValue)};
  }
  void close(std::pair<std::size_t, std::size_t> marks) {
    w_.end(marks.second);
    w_.end(marks.first);
  }
  Writer& w_;
  std::uint32_t field_;
};

void append_big_endian(std::string& out, std::uint64_t id) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out += static_cast<char>((id >> shift) & 0xFF);
}

std::string id_bytes(TraceId id) {
  std::string out;
  append_big_endian(out, id.high);
  append_big_endian(out, id.low);
  return out;
}

std::string id_bytes(std::uint64_t id) {
  std::string out;
  append_big_endian(out, id);
  return out;
}

std::string encode_request(std::span<const ExportItem> items, const ResourceAttributes& resource) {
  std::size_t size = 256;
  for (const ExportItem& item : items)
    size += item.encoded.size() + 6;
  std::string out;
  out.reserve(size);
  Writer w(out);
  for (std::size_t i = 0; i < items.size();) {
    const auto resource_mark = w.begin(kRequestResources);
    write_resource_proto(w, kResourceOf, items[i].service, resource);
    const auto scope_mark = w.begin(kScopesOf);
    write_scope_proto(w, kScopeOf);
    std::size_t j = i;
    for (; j < items.size() && items[j].service == items[i].service; ++j)
      w.bytes(kRecordsOf, items[j].encoded);
    w.end(scope_mark);
    w.end(resource_mark);
    i = j;
  }
  return out;
}

// The seconds of a google.protobuf.Duration (seconds = 1, nanos = 2).
double duration_seconds(std::string_view duration) {
  protobuf::Reader reader(duration);
  protobuf::Field field;
  double seconds = 0;
  while (reader.next(field)) {
    if (field.number == 1) seconds += static_cast<double>(static_cast<std::int64_t>(field.scalar));
    if (field.number == 2) {
      seconds += static_cast<std::int32_t>(static_cast<std::uint32_t>(field.scalar)) * 1e-9;
    }
  }
  return seconds;
}

}  // namespace

void write_string_attribute(Writer& writer, std::uint32_t field, std::string_view key,
                            std::string_view value) {
  KeyValueWriter(writer, field).string(key, value);
}

void write_resource_proto(Writer& writer, std::uint32_t field, const std::string& service,
                          const ResourceAttributes& resource) {
  const auto mark = writer.begin(field);
  KeyValueWriter attributes(writer, kResourceAttributes);
  attributes.string("service.name", service);
  for (const auto& [key, value] : resource) {
    if (key != "service.name") attributes.string(key, value);
  }
  writer.end(mark);
}

void write_scope_proto(Writer& writer, std::uint32_t field) {
  const auto mark = writer.begin(field);
  writer.bytes(kScopeName, "plumb");
  writer.end(mark);
}

void encode_span_proto(std::string& out, const SpanView& span, const Redactor& redactor) {
  const SpanRecord& r = span.record();
  Writer w(out);
  w.bytes(kSpanTraceId, id_bytes(r.trace));
  w.bytes(kSpanSpanId, id_bytes(r.span_id));
  if (r.parent_id != 0) w.bytes(kSpanParentSpanId, id_bytes(r.parent_id));
  w.bytes(kSpanName, span.name());
  w.varint(kSpanKind, kSpanKindInternal);
  w.fixed64(kSpanStart, static_cast<std::uint64_t>(r.start_ns));
  w.fixed64(kSpanEnd, static_cast<std::uint64_t>(r.end_ns));
  {
    KeyValueWriter writer(w, kSpanAttributes);
    RedactingVisitor redacting(redactor, writer);
    span.attributes(redacting);
  }
  if (span.dropped_attributes() > 0) w.varint(kSpanDroppedAttributes, span.dropped_attributes());
  // The events of `trace.event`, then a failure's `exception` event.
  for (const SpanEvent& event : span.events()) {
    const auto mark = w.begin(kSpanEvents);
    w.fixed64(kEventTime, static_cast<std::uint64_t>(event.time_ns));
    w.bytes(kEventName, event.name);
    KeyValueWriter writer(w, kEventAttributes);
    RedactingVisitor redacting(redactor, writer);
    visit_attributes(event.attributes, redacting);
    w.end(mark);
  }
  if (span.dropped_events() > 0) w.varint(kSpanDroppedEvents, span.dropped_events());
  if (!r.error) return;
  const auto event = w.begin(kSpanEvents);
  w.fixed64(kEventTime, static_cast<std::uint64_t>(r.end_ns));
  w.bytes(kEventName, "exception");
  KeyValueWriter event_attributes(w, kEventAttributes);
  event_attributes.string("exception.type", span.error_type());
  event_attributes.string("exception.message", span.error_message());
  if (!span.error_stacktrace().empty()) {
    event_attributes.string("exception.stacktrace", span.error_stacktrace());
  }
  w.end(event);
  const auto status = w.begin(kSpanStatus);
  w.bytes(kStatusMessage, span.error_message());
  w.varint(kStatusCode, kStatusCodeError);
  w.end(status);
}

void encode_log_proto(std::string& out, const LogRecord& record, const Redactor& redactor) {
  Writer w(out);
  w.fixed64(kLogTime, static_cast<std::uint64_t>(record.time_ns));
  w.fixed64(kLogObservedTime, static_cast<std::uint64_t>(record.time_ns));
  w.varint(kLogSeverityNumber, static_cast<std::uint64_t>(severity_number(record.level)));
  w.bytes(kLogSeverityText, severity_text(record.level));
  const auto body = w.begin(kLogBody);
  w.bytes(kAnyString, shown_message(record));
  w.end(body);
  KeyValueWriter attributes(w, kLogAttributes);
  attributes.string("plumb.logger", record.logger);
  if (!record.pipeline.empty()) attributes.string("plumb.pipeline", record.pipeline);
  if (!record.node.empty()) attributes.string("plumb.node", record.node);
  if (record.sequence != 0)
    attributes.integer("plumb.log.sequence", static_cast<std::int64_t>(record.sequence));
  for (const auto& [key, value] : record.fields)
    attributes.value(key, redactor.field(key, value));
  const auto trace = parse_trace_id(record.trace_id);
  if (!trace) return;
  w.fixed32(kLogFlags, record.trace_flags);
  w.bytes(kLogTraceId, id_bytes(*trace));
  if (const auto span = parse_span_id(record.span_id)) w.bytes(kLogSpanId, id_bytes(*span));
}

std::string encode_traces_request_proto(std::span<const ExportItem> spans,
                                        const ResourceAttributes& resource) {
  return encode_request(spans, resource);
}

std::string encode_logs_request_proto(std::span<const ExportItem> logs,
                                      const ResourceAttributes& resource) {
  return encode_request(logs, resource);
}

PartialSuccess read_partial_success(std::string_view response) {
  PartialSuccess result;
  protobuf::Reader reader(response);
  protobuf::Field field;
  while (reader.next(field)) {
    if (field.number != 1 || field.wire_type != 2) continue;  // partial_success
    protobuf::Reader inner(field.bytes);
    protobuf::Field item;
    while (inner.next(item)) {
      if (item.number == 1 && item.wire_type == 0) result.rejected = item.scalar;
      if (item.number == 2 && item.wire_type == 2) result.message = std::string(item.bytes);
    }
  }
  return result;
}

RpcStatus read_rpc_status(std::string_view status) {
  constexpr std::string_view kRetryInfo = "type.googleapis.com/google.rpc.RetryInfo";
  RpcStatus result;
  protobuf::Reader reader(status);
  protobuf::Field field;
  while (reader.next(field)) {
    if (field.wire_type != 2) continue;
    if (field.number == 2) result.message = std::string(field.bytes);
    if (field.number != 3) continue;  // details: google.protobuf.Any
    std::string_view type_url;
    std::string_view value;
    protobuf::Reader any(field.bytes);
    protobuf::Field item;
    while (any.next(item)) {
      if (item.number == 1 && item.wire_type == 2) type_url = item.bytes;
      if (item.number == 2 && item.wire_type == 2) value = item.bytes;
    }
    if (type_url != kRetryInfo) continue;
    protobuf::Reader retry(value);
    while (retry.next(item)) {
      if (item.number == 1 && item.wire_type == 2)
        result.retry_delay = duration_seconds(item.bytes);
    }
  }
  return result;
}

}  // namespace plumb::telemetry
