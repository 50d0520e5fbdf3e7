// ChromeSpanEncoder: the Trace Event objects of spans, their constant parts cached per node.
#include "runtime/telemetry/chrome_encoder.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <plumb/json.hpp>

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

namespace {

// Bytes a string value can be copied with as it is: printable ASCII other than `"` and `\`
// (append_json_string escapes those) and `:` (a `://` is a URL whose credentials are
// redacted).
constexpr auto kPlain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c)
    plain[c] = c != '"' && c != '\\' && c != ':';
  return plain;
}();

bool plain(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return kPlain[static_cast<unsigned char>(c)]; });
}

char* put(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

// Writes attributes as the members of `args`: the values of secret keys as `[REDACTED]`, URL
// credentials in strings and secret keys inside lists and records redacted.
class ArgsWriter : public AttributeVisitor {
 public:
  // Every member follows `span_id`, so each starts with a comma.
  ArgsWriter(std::string& out, EncodedKeys& keys) : out_(out), keys_(keys) {}
  void string(std::string_view key, std::string_view value) override {
    const EncodedKeys::Entry& entry = keys_.find(key);
    if (entry.secret) {
      out_ += entry.text;
    } else if (plain(value)) {
      // The member in one piece: `,"key":"value"`.
      const std::size_t at = out_.size();
      out_.resize(at + entry.text.size() + value.size() + 2);
      char* end = put(out_.data() + at, entry.text);
      *end++ = '"';
      end = put(end, value);
      *end = '"';
    } else {
      out_ += entry.text;
      if (mentions_url(value)) {
        append_json_string(out_, redact_urls(value));
      } else {
        append_json_string(out_, value);
      }
    }
  }
  void integer(std::string_view key, std::int64_t value) override {
    const EncodedKeys::Entry& entry = keys_.find(key);
    if (entry.secret) {
      out_ += entry.text;
      return;
    }
    char digits[24];
    const char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    const std::size_t at = out_.size();
    out_.resize(at + entry.text.size() + (end - digits));
    put(put(out_.data() + at, entry.text), std::string_view(digits, end - digits));
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

// Microseconds with three decimals, the unit of the Trace Event format: the whole
// microseconds as a (signed) integer, then the nanoseconds left over.
char* put_micros(char* out, std::int64_t ns) {
  out = std::to_chars(out, out + 20, ns / 1000).ptr;
  std::int64_t frac = ns % 1000;
  if (frac < 0) frac += 1000;
  out[0] = '.';
  out[1] = static_cast<char>('0' + frac / 100);
  out[2] = static_cast<char>('0' + frac / 10 % 10);
  out[3] = static_cast<char>('0' + frac % 10);
  return out + 4;
}

// The facts of a node its spans' constant bytes are encoded from.
bool same_facts(const NodeMeta& a, const NodeMeta& b) {
  return a.id == b.id && a.line == b.line && a.node == b.node && a.span_name == b.span_name &&
         a.pipeline == b.pipeline && a.stage == b.stage && a.callee == b.callee &&
         a.file == b.file && a.labels == b.labels;
}

// The head's index in NodeEntry::heads; Run and Child spans have no cached head.
std::size_t head_index(SpanKind kind) {
  return kind == SpanKind::Item ? 1 : kind == SpanKind::Iteration ? 2 : 0;
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

ChromeSpanEncoder::ChromeSpanEncoder(std::shared_ptr<const Redactor> redactor,
                                     std::size_t cached_nodes)
    : keys_(std::move(redactor)), nodes_(cached_nodes) {
}

void ChromeSpanEncoder::encode(const SpanView& span, std::string& out) {
  const SpanRecord& r = span.record();
  const NodeEntry* entry = cached(span);
  if (entry && r.kind != SpanKind::Child) {
    out += entry->heads[head_index(r.kind)];
  } else {
    encode_head(span, out);
  }
  encode_times_and_ids(r, out);
  ArgsWriter args(out, keys_);
  if (entry) {
    out += entry->args;
  } else {
    span.site_attributes(args);
  }
  span.own_attributes(args);
  encode_tail(span, out);
}

// A node's slot is filled when the node it last saw has another span: a node with a single
// span (a long chain's) never pays for copying its facts.
const ChromeSpanEncoder::NodeEntry* ChromeSpanEncoder::cached(const SpanView& span) {
  const SpanRecord& r = span.record();
  if (nodes_.empty() || !r.node || r.kind == SpanKind::Run) return nullptr;
  NodeSlot& slot = nodes_[r.node->id % nodes_.size()];
  if (slot.entry && same_facts(slot.entry->facts, *r.node)) return fill_head(*slot.entry, span);
  if (slot.seen != r.node) {
    slot.seen = r.node;
    return nullptr;
  }
  if (!slot.entry) slot.entry = std::make_unique<NodeEntry>();
  NodeEntry& entry = *slot.entry;
  entry.facts = *r.node;
  entry.heads = {};
  entry.args.clear();
  ArgsWriter args(entry.args, keys_);
  span.site_attributes(args);
  return fill_head(entry, span);
}

const ChromeSpanEncoder::NodeEntry* ChromeSpanEncoder::fill_head(NodeEntry& entry,
                                                                 const SpanView& span) {
  const SpanKind kind = span.record().kind;
  if (kind != SpanKind::Child) {
    std::string& head = entry.heads[head_index(kind)];
    if (head.empty()) encode_head(span, head);
  }
  return &entry;
}

void ChromeSpanEncoder::encode_head(const SpanView& span, std::string& out) {
  out += "{\"name\":";
  append_json_string(out, span.name());
  out += ",\"cat\":\"";
  out += category(span.record().kind);
  out += "\",\"ph\":\"X\",\"ts\":";
}

void ChromeSpanEncoder::encode_times_and_ids(const SpanRecord& r, std::string& out) {
  char text[160];
  char* end = put_micros(text, r.start_ns);
  end = put(end, ",\"dur\":");
  end = put_micros(end, r.end_ns - r.start_ns);
  end = put(end, ",\"pid\":1,\"tid\":");
  end = std::to_chars(end, end + 10, r.thread).ptr;
  end = put(end, ",\"args\":{\"span_id\":\"");
  end = write_hex(end, r.span_id);
  end = put(end, "\"");
  if (r.parent_id) {
    end = put(end, ",\"parent_id\":\"");
    end = write_hex(end, r.parent_id);
    end = put(end, "\"");
  }
  out.append(text, end);
}

void ChromeSpanEncoder::encode_tail(const SpanView& span, std::string& out) {
  const SpanRecord& r = span.record();
  if (r.error) {
    out += ",\"error\":true,\"exception.type\":";
    append_json_string(out, span.error_type());
    out += ",\"exception.message\":";
    append_json_string(out, span.error_message());
    if (!span.error_stacktrace().empty()) {
      out += ",\"exception.stacktrace\":";
      append_json_string(out, span.error_stacktrace());
    }
  }
  out += "}}";
  // Span events (`trace.event`) as instant events on the span's thread.
  for (const SpanEvent& event : span.events()) {
    out += ",\n{\"name\":";
    append_json_string(out, event.name);
    out += ",\"cat\":\"event\",\"ph\":\"i\",\"s\":\"t\",\"ts\":";
    char text[128];
    char* end = put_micros(text, event.time_ns);
    end = put(end, ",\"pid\":1,\"tid\":");
    end = std::to_chars(end, end + 10, r.thread).ptr;
    end = put(end, ",\"args\":{\"span_id\":\"");
    end = write_hex(end, r.span_id);
    end = put(end, "\"");
    out.append(text, end);
    ArgsWriter event_args(out, keys_);
    visit_attributes(event.attributes, event_args);
    out += "}}";
  }
}

}  // namespace plumb::telemetry
