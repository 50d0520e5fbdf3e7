// OTLP metrics export (OpenTelemetry's periodic exporting metric reader): a thread that takes
// a snapshot of the metrics registry every OTEL_METRIC_EXPORT_INTERVAL (default 60 s), when a
// run ends, and once more at shutdown, and sends it as one ExportMetricsServiceRequest
// (cumulative temporality) by the OTLP retry rules within OTEL_METRIC_EXPORT_TIMEOUT. A
// snapshot that cannot be sent is not queued: the next one carries the same cumulative
// values. Failed attempts count as export errors; a failed last export is said on stderr.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/telemetry/metrics.hpp"
#include "runtime/telemetry/otel_config.hpp"
#include "runtime/telemetry/otlp_metrics.hpp"
#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

struct MetricExportStats {
  std::uint64_t exports = 0;   // requests the receiver accepted
  std::uint64_t failed = 0;    // snapshots that could not be sent
  std::uint64_t errors = 0;    // failed requests (every attempt)
  std::uint64_t rejected = 0;  // data points refused in partial successes
};

class OtlpMetricsExporter {
 public:
  using Collect = std::function<std::vector<MetricFamily>()>;

  // Throws std::runtime_error when the transport cannot be created (the gRPC module).
  OtlpMetricsExporter(const OtlpSettings& settings, Collect collect,
                      std::chrono::milliseconds shutdown_timeout);
  ~OtlpMetricsExporter();
  OtlpMetricsExporter(const OtlpMetricsExporter&) = delete;
  OtlpMetricsExporter& operator=(const OtlpMetricsExporter&) = delete;

  // Asks for an export now (the end of a run), without waiting for it.
  void export_soon();
  // The last export, within the shutdown timeout from now; waits for it. Idempotent.
  void shutdown();
  MetricExportStats stats() const;

 private:
  void loop();
  void export_snapshot();
  bool pause(std::chrono::milliseconds wait);
  std::chrono::steady_clock::time_point hard_deadline() const;

  std::unique_ptr<OtlpTransport> transport_;
  Collect collect_;
  bool protobuf_;
  MetricsRequestContext context_;
  MetricExportOptions options_;
  std::chrono::milliseconds shutdown_timeout_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::time_point::max();
  std::atomic<std::uint64_t> exports_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::string last_error_;  // of the last snapshot, when it failed (exporter thread only)
  std::uint64_t last_points_ = 0;
  std::thread thread_;
};

}  // namespace plumb::telemetry
