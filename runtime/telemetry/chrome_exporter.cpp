// ChromeTraceExporter: JSON Trace Event format, written with a small hand-rolled encoder.
#include "runtime/telemetry/chrome_exporter.hpp"

#include <charconv>
#include <stdexcept>

#include <plumb/json.hpp>

namespace plumb::telemetry {

namespace {

void append_string(std::string& out, std::string_view text) {
  out += to_json(Value::string(text));
}

void append_micros(std::string& out, std::int64_t ns) {
  // Microseconds with three decimals, the unit of the Trace Event format.
  out += std::to_string(ns / 1000);
  out += '.';
  std::int64_t frac = ns % 1000;
  if (frac < 0) frac += 1000;
  char digits[4] = {static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                    static_cast<char>('0' + frac % 10), 0};
  out += digits;
}

class ArgsWriter : public AttributeVisitor {
 public:
  explicit ArgsWriter(std::string& out) : out_(out) {}
  void string(std::string_view key, std::string_view value) override {
    key_(key);
    append_string(out_, value);
  }
  void integer(std::string_view key, std::int64_t value) override {
    key_(key);
    out_ += std::to_string(value);
  }
  void number(std::string_view key, double value) override {
    key_(key);
    out_ += to_json(Value::number(value));
  }
  void boolean(std::string_view key, bool value) override {
    key_(key);
    out_ += value ? "true" : "false";
  }

 private:
  void key_(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    append_string(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

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

ChromeTraceExporter::ChromeTraceExporter(const std::string& path,
                                         std::shared_ptr<const Redactor> redactor)
    : path_(path), redactor_(std::move(redactor)) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot create trace file " + path);
  write("[\n");
}

ChromeTraceExporter::~ChromeTraceExporter() {
  close();
}

void ChromeTraceExporter::write(const std::string& text) {
  if (file_) std::fwrite(text.data(), 1, text.size(), file_);
}

void ChromeTraceExporter::export_spans(std::span<const SpanView> spans) {
  buffer_.clear();
  for (const SpanView& span : spans) {
    const SpanRecord& r = span.record();
    if (named_threads_.insert(r.thread).second) {
      buffer_ += first_ ? "" : ",\n";
      first_ = false;
      buffer_ += R"({"name":"thread_name","ph":"M","pid":1,"tid":)" + std::to_string(r.thread) +
                 R"(,"args":{"name":"worker )" + std::to_string(r.thread) + "\"}}";
    }
    buffer_ += first_ ? "" : ",\n";
    first_ = false;
    buffer_ += "{\"name\":";
    append_string(buffer_, span.name());
    buffer_ += ",\"cat\":\"";
    buffer_ += category(r.kind);
    buffer_ += "\",\"ph\":\"X\",\"ts\":";
    append_micros(buffer_, r.start_ns);
    buffer_ += ",\"dur\":";
    append_micros(buffer_, r.end_ns - r.start_ns);
    buffer_ += ",\"pid\":1,\"tid\":" + std::to_string(r.thread) + ",\"args\":{";
    ArgsWriter args(buffer_);
    args.string("span_id", to_hex(r.span_id));
    if (r.parent_id) args.string("parent_id", to_hex(r.parent_id));
    RedactingVisitor redacted(*redactor_, args);
    span.attributes(redacted);
    if (r.error) {
      args.boolean("error", true);
      args.string("exception.type", span.error_type());
      args.string("exception.message", span.error_message());
      if (!span.error_stacktrace().empty()) {
        args.string("exception.stacktrace", span.error_stacktrace());
      }
    }
    buffer_ += "}}";
  }
  write(buffer_);
}

void ChromeTraceExporter::flush() {
  if (file_) std::fflush(file_);
}

void ChromeTraceExporter::shutdown() {
  close();
}

void ChromeTraceExporter::close() {
  if (!file_) return;
  write("\n]\n");
  std::fclose(file_);
  file_ = nullptr;
}

}  // namespace plumb::telemetry
