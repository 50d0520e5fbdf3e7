// Everything that carries an engine's telemetry out of the process, set up from options and
// the environment: the span exporters (OTLP over HTTP or gRPC, OTLP file, Chrome trace), all with
// secret attributes redacted, the log sink (text or JSON, on
// stderr or a rotating file, with per-logger levels, redaction, and OTLP logs), the
// /metrics + /health server, OTLP metrics (periodic and at the end of a run), the telemetry
// and process metrics, the pushes at the end of a run (Pushgateway, Influx line protocol),
// and the `telemetry` logger's debug records about them. Environment: OTEL_*
// (otel_config.hpp), PLUMB_LOG, PLUMB_TRACE_IO, PLUMB_REDACT_KEYS; options win over variables.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/metrics.hpp"
#include "runtime/telemetry/span_loss.hpp"
#include "runtime/telemetry/telemetry.hpp"

namespace plumb::telemetry {

class MetricsServer;
class OtlpTraceExporter;
class OtlpLogSink;
struct OtlpSettings;
class OtlpMetricsExporter;

struct ExportOptions {
  std::string otlp_endpoint;      // base URL; empty: OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT
  std::string otlp_protocol;      // grpc | http/protobuf | http/json; empty: OTEL_*_PROTOCOL
  bool otlp_metrics = false;      // metrics over OTLP (or OTEL_METRICS_EXPORTER=otlp)
  std::string otlp_file;          // OTLP JSON Lines
  std::string chrome_trace_path;  // Chrome trace JSON (`--trace-out`)
  std::string metrics_addr = "127.0.0.1";
  int metrics_port = 0;  // 0: no server
  std::string push_gateway;
  std::string push_job = "plumb";
  std::string influx_url;
  std::string log_format = "text";  // text | json
  std::string log_level;            // empty: PLUMB_LOG, else info
  std::string log_file;             // empty: stderr
  std::size_t log_file_max_bytes = 10 * 1024 * 1024;
  std::size_t log_file_max_files = 3;
  std::vector<std::string> redact_keys;  // empty: PLUMB_REDACT_KEYS, else the defaults
  bool trace_io = false;                 // or PLUMB_TRACE_IO=1
  std::chrono::milliseconds shutdown_timeout{5000};
  std::chrono::milliseconds push_timeout{5000};
  std::size_t max_series_per_metric = 10000;
};

class Exports {
 public:
  // Throws std::runtime_error for a bad option (unknown level, format or protocol, a port that
  // cannot be bound, a file that cannot be created, the gRPC module missing).
  Exports(const ExportOptions& options, Telemetry& telemetry, MetricsRegistry& metrics);
  ~Exports();
  Exports(const Exports&) = delete;
  Exports& operator=(const Exports&) = delete;

  // The sink for the runtime's logs.
  std::shared_ptr<LogSink> log_sink() const { return log_sink_; }
  // The redaction rules of the options and PLUMB_REDACT_KEYS (for other sinks of the engine).
  std::shared_ptr<const Redactor> redactor() const { return redactor_; }
  // Reports the run's lost spans, pushes the metrics where configured and starts an OTLP
  // metrics export; failures are warnings on stderr.
  void after_run(const SpanLoss& loss);
  // Ends the export: stops the metrics server, sends what the OTLP exporters hold (within
  // the shutdown timeout), writes out and closes the trace files. Returns one message per
  // requested output that could not be written completely; idempotent (later calls return
  // nothing). The destructor prints what nobody asked for.
  std::vector<std::string> shutdown();
  int metrics_port() const;

 private:
  void collect(MetricsRegistry& registry);
  // Failed exports and pushes so far, of every exporter (plumb_telemetry_export_errors_total).
  std::uint64_t export_errors() const;
  // Debug records of the `telemetry` logger: the exporters set up, pushes, the totals at the
  // end (outside any run: no trace, no sequence number).
  void debug(std::string_view message, Fields fields) const;
  void announce(const OtlpSettings& settings) const;

  ExportOptions options_;
  Telemetry& telemetry_;
  MetricsRegistry& metrics_;
  std::shared_ptr<const Redactor> redactor_;
  std::shared_ptr<OtlpTraceExporter> otlp_;
  std::shared_ptr<OtlpLogSink> otlp_logs_;
  std::unique_ptr<OtlpMetricsExporter> otlp_metrics_;
  std::shared_ptr<LogSink> log_sink_;
  std::atomic<std::uint64_t> push_errors_{0};
  std::uint64_t collector_ = 0;
  std::unique_ptr<MetricsServer> server_;
  bool shut_down_ = false;
};

}  // namespace plumb::telemetry
