// ChromeTraceExporter: the file around the events chrome_encoder.hpp encodes: the opening and
// closing brackets, the separators, and a `thread_name` event before a thread's first span;
// a pool of encoders, one per thread exporting at the moment.
#include "runtime/telemetry/chrome_exporter.hpp"

#include "runtime/telemetry/json_text.hpp"

namespace plumb::telemetry {

ChromeTraceExporter::ChromeTraceExporter(const std::string& path,
                                         std::shared_ptr<const Redactor> redactor)
    : redactor_(std::move(redactor)), file_(path, "trace file") {
  file_.write("[\n");
}

ChromeTraceExporter::~ChromeTraceExporter() {
  close();
}

std::unique_ptr<ChromeTraceExporter::Worker> ChromeTraceExporter::take_worker() {
  std::lock_guard lock(workers_mutex_);
  if (idle_workers_.empty()) return std::make_unique<Worker>(redactor_);
  std::unique_ptr<Worker> worker = std::move(idle_workers_.back());
  idle_workers_.pop_back();
  return worker;
}

bool ChromeTraceExporter::claim_thread_name(Worker& worker, std::uint32_t thread) {
  if (thread < worker.named.size() && worker.named[thread]) return false;
  if (thread >= worker.named.size()) worker.named.resize(thread + 1);
  worker.named[thread] = true;
  std::lock_guard lock(workers_mutex_);
  if (thread >= named_threads_.size()) named_threads_.resize(thread + 1);
  if (named_threads_[thread]) return false;
  named_threads_[thread] = true;
  return true;
}

void ChromeTraceExporter::export_spans(std::span<const SpanView> spans) {
  {
    std::lock_guard lock(file_mutex_);
    if (!file_.is_open()) return;
  }
  std::unique_ptr<Worker> worker = take_worker();
  std::string& text = worker->text;
  text.clear();
  for (const SpanView& span : spans) {
    const std::uint32_t thread = span.record().thread;
    if (claim_thread_name(*worker, thread)) {
      if (!text.empty()) text += ",\n";
      text += R"({"name":"thread_name","ph":"M","pid":1,"tid":)";
      append_uint(text, thread);
      text += R"(,"args":{"name":"worker )";
      append_uint(text, thread);
      text += "\"}}";
    }
    if (!text.empty()) text += ",\n";
    worker->encoder.encode(span, text);
  }
  {
    std::lock_guard lock(file_mutex_);
    if (!text.empty()) {
      if (!first_) file_.write(",\n");
      first_ = false;
      file_.write(text);
    }
  }
  std::lock_guard lock(workers_mutex_);
  idle_workers_.push_back(std::move(worker));
}

void ChromeTraceExporter::flush() {
  std::lock_guard lock(file_mutex_);
  file_.flush();
}

void ChromeTraceExporter::shutdown() {
  close();
}

std::string ChromeTraceExporter::output_error() const {
  std::lock_guard lock(file_mutex_);
  return file_.error();
}

void ChromeTraceExporter::close() {
  std::lock_guard lock(file_mutex_);
  if (!file_.is_open()) return;
  file_.write("\n]\n");
  file_.close();
}

}  // namespace plumb::telemetry
