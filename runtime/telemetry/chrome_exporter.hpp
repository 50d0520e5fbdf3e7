// The Chrome trace exporter (`--trace-out trace.json`): writes spans as complete events
// (`"ph":"X"`) of the Trace Event format, one `tid` per worker thread, streamed to the file
// batch by batch so a million spans never sit in memory. The file opens in Perfetto and
// chrome://tracing. Errors are events with `"error": true` and the exception in `args`;
// attributes with secret-looking keys are `[REDACTED]`. The exporter is lossless: every span
// recorded reaches the file, and a write that fails (disk full) is its output error. It is
// concurrent: each exporting thread encodes its batch with an encoder of its own and appends
// the text to the file under a lock (batches may land in any order; events carry their times).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/telemetry/chrome_encoder.hpp"
#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/output_file.hpp"

namespace plumb::telemetry {

class ChromeTraceExporter : public SpanExporter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  ChromeTraceExporter(const std::string& path, std::shared_ptr<const Redactor> redactor);
  ~ChromeTraceExporter() override;

  bool lossless() const override { return true; }
  bool concurrent() const override { return true; }
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  std::string output_error() const override;

 private:
  // What one exporting thread encodes with: an encoder (and its cache), its text, and the
  // threads it knows to be named already.
  struct Worker {
    explicit Worker(std::shared_ptr<const Redactor> redactor) : encoder(std::move(redactor)) {}
    ChromeSpanEncoder encoder;
    std::string text;
    std::vector<bool> named;
  };
  std::unique_ptr<Worker> take_worker();
  // Whether this call names `thread` (writes its `thread_name` event): true once per thread.
  bool claim_thread_name(Worker& worker, std::uint32_t thread);
  void close();

  std::shared_ptr<const Redactor> redactor_;
  std::mutex workers_mutex_;
  std::vector<std::unique_ptr<Worker>> idle_workers_;
  std::vector<bool> named_threads_;  // by thread index; under workers_mutex_
  mutable std::mutex file_mutex_;
  OutputFile file_;
  bool first_ = true;  // nothing written yet after `[`; under file_mutex_
};

}  // namespace plumb::telemetry
