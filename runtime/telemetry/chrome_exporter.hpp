// The Chrome trace exporter (`--trace-out trace.json`): writes spans as complete events
// (`"ph":"X"`) of the Trace Event format, one `tid` per worker thread, streamed to the file
// batch by batch so a million spans never sit in memory. The file opens in Perfetto and
// chrome://tracing. Errors are events with `"error": true` and the exception in `args`;
// attributes with secret-looking keys are `[REDACTED]`.
#pragma once

#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

class ChromeTraceExporter : public SpanExporter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  ChromeTraceExporter(const std::string& path, std::shared_ptr<const Redactor> redactor);
  ~ChromeTraceExporter() override;

  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;

 private:
  void write(const std::string& text);
  void close();

  std::FILE* file_ = nullptr;
  std::string path_;
  std::shared_ptr<const Redactor> redactor_;
  bool first_ = true;
  std::set<std::uint32_t> named_threads_;
  std::string buffer_;
};

}  // namespace plumb::telemetry
