// The OTLP span exporters: OtlpTraceExporter encodes each batch the drainer hands it (JSON or
// protobuf, by the protocol) and queues the spans on a BatchProcessor that sends them over
// OTLP/HTTP or OTLP/gRPC (so the round trips happen on the processor's thread, never on a
// node's); it may drop spans (a full queue, a failed export), counts them on their run and
// reports them. OtlpFileExporter (`--otlp-file`, lossless) writes each batch as one
// ExportTraceServiceRequest per line (OTLP JSON Lines), the format the collector's file
// exporter and otlpjsonfile receiver use.
#pragma once

#include <chrono>
#include <memory>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/otel_config.hpp"
#include "runtime/telemetry/output_file.hpp"

namespace plumb::telemetry {

class OtlpTraceExporter : public SpanExporter {
 public:
  OtlpTraceExporter(const OtlpSettings& settings, std::shared_ptr<const Redactor> redactor,
                    std::chrono::milliseconds shutdown_timeout);
  bool lossless() const override { return false; }
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  // Starts the last export with a deadline of `timeout` from now, without waiting for it.
  void stop();
  BatchStats stats() const { return processor_.stats(); }
  std::size_t max_queue() const { return max_queue_; }

 private:
  std::string service_name_;
  std::shared_ptr<const Redactor> redactor_;
  std::chrono::milliseconds shutdown_timeout_;
  std::size_t max_queue_;
  bool protobuf_;
  BatchProcessor processor_;
  bool warned_ = false;
};

class OtlpFileExporter : public SpanExporter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  OtlpFileExporter(const std::string& path, const OtlpSettings& settings,
                   std::shared_ptr<const Redactor> redactor);
  bool lossless() const override { return true; }
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  std::string output_error() const override;

 private:
  OutputFile file_;
  std::string service_name_;
  ResourceAttributes resource_;
  std::shared_ptr<const Redactor> redactor_;
};

// The service a span belongs to: the configured name, else the pipeline that ran.
std::string span_service(const SpanView& span, const std::string& configured);

}  // namespace plumb::telemetry
