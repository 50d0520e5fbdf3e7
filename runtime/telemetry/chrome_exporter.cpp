// ChromeTraceExporter: the file around the events chrome_encoder.hpp encodes: the opening and
// closing brackets, the separators, and a `thread_name` event before a thread's first span.
#include "runtime/telemetry/chrome_exporter.hpp"

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

ChromeTraceExporter::ChromeTraceExporter(const std::string& path,
                                         std::shared_ptr<const Redactor> redactor)
    : file_(path, "trace file"), encoder_(std::move(redactor)) {
  file_.write("[\n");
}

ChromeTraceExporter::~ChromeTraceExporter() {
  close();
}

void ChromeTraceExporter::export_spans(std::span<const SpanView> spans) {
  if (!file_.is_open()) return;
  buffer_.clear();
  for (const SpanView& span : spans) {
    const std::uint32_t thread = span.record().thread;
    if (thread >= named_threads_.size()) named_threads_.resize(thread + 1);
    if (!named_threads_[thread]) {
      named_threads_[thread] = true;
      buffer_ += first_ ? "" : ",\n";
      first_ = false;
      buffer_ += R"({"name":"thread_name","ph":"M","pid":1,"tid":)";
      append_uint(buffer_, thread);
      buffer_ += R"(,"args":{"name":"worker )";
      append_uint(buffer_, thread);
      buffer_ += "\"}}";
    }
    buffer_ += first_ ? "" : ",\n";
    first_ = false;
    encoder_.encode(span, buffer_);
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
