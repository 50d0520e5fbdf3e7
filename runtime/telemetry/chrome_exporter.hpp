// The Chrome trace exporter (`--trace-out trace.json`): writes spans as complete events
// (`"ph":"X"`) of the Trace Event format, one `tid` per worker thread, streamed to the file
// batch by batch so a million spans never sit in memory. The file opens in Perfetto and
// chrome://tracing. Errors are events with `"error": true` and the exception in `args`;
// attributes with secret-looking keys are `[REDACTED]`. The exporter is lossless: every span
// recorded reaches the file, and a write that fails (disk full) is its output error.
#pragma once

#include <memory>
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
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  std::string output_error() const override;

 private:
  void close();

  OutputFile file_;
  ChromeSpanEncoder encoder_;
  bool first_ = true;
  std::vector<bool> named_threads_;  // by thread index: its `thread_name` event is written
  std::string buffer_;
};

}  // namespace plumb::telemetry
