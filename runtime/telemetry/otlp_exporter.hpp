// The OTLP span exporters: OtlpTraceExporter encodes each batch the drainer hands it (JSON or
// protobuf, by the protocol) and queues the spans on a BatchProcessor that sends them over
// OTLP/HTTP or OTLP/gRPC (so the round trips happen on the processor's thread, never on a
// node's); OtlpFileExporter (`--otlp-file`)
// writes each batch as one ExportTraceServiceRequest per line (OTLP JSON Lines), the format
// the collector's file exporter and otlpjsonfile receiver use.
#pragma once

#include <chrono>
#include <cstdio>
#include <memory>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/otel_config.hpp"

namespace plumb::telemetry {

class OtlpTraceExporter : public SpanExporter {
 public:
  OtlpTraceExporter(const OtlpSettings& settings, std::shared_ptr<const Redactor> redactor,
                    std::chrono::milliseconds shutdown_timeout);
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  // Starts the last export with a deadline of `timeout` from now, without waiting for it.
  void stop();
  BatchStats stats() const { return processor_.stats(); }

 private:
  std::string service_name_;
  std::shared_ptr<const Redactor> redactor_;
  std::chrono::milliseconds shutdown_timeout_;
  bool protobuf_;
  BatchProcessor processor_;
  bool warned_ = false;
};

class OtlpFileExporter : public SpanExporter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  OtlpFileExporter(const std::string& path, const OtlpSettings& settings,
                   std::shared_ptr<const Redactor> redactor);
  ~OtlpFileExporter() override;
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;

 private:
  std::FILE* file_ = nullptr;
  std::string service_name_;
  ResourceAttributes resource_;
  std::shared_ptr<const Redactor> redactor_;
};

// The service a span belongs to: the configured name, else the pipeline that ran.
std::string span_service(const SpanView& span, const std::string& configured);

}  // namespace plumb::telemetry
