// Exports: reading the options and variables, and wiring exporters, sinks and the server.
#include "runtime/telemetry/exports.hpp"
#include "runtime/telemetry/wall_clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "runtime/telemetry/chrome_exporter.hpp"
#include "runtime/telemetry/exporter_url.hpp"
#include "runtime/telemetry/json_log_sink.hpp"
#include "runtime/telemetry/metric_push.hpp"
#include "runtime/telemetry/metrics_server.hpp"
#include "runtime/telemetry/otlp_exporter.hpp"
#include "runtime/telemetry/otlp_log_sink.hpp"
#include "runtime/telemetry/otlp_metrics_exporter.hpp"
#include "runtime/telemetry/process_metrics.hpp"
#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

LogLevels log_levels(const ExportOptions& options) {
  std::string error;
  auto levels = LogLevels::parse(env("PLUMB_LOG"), LogLevels{}, &error);
  if (!levels) throw std::runtime_error("PLUMB_LOG: unknown log level in `" + error + "`");
  if (!options.log_level.empty()) {
    auto level = parse_log_level(options.log_level);
    if (!level) throw std::runtime_error("unknown log level `" + options.log_level + "`");
    levels->fallback = *level;
  }
  return *levels;
}

}  // namespace

Exports::Exports(const ExportOptions& options, Telemetry& telemetry, MetricsRegistry& metrics)
    : options_(options), telemetry_(telemetry), metrics_(metrics) {
  if (!options.redact_keys.empty()) {
    redactor_ = std::make_shared<const Redactor>(options.redact_keys);
  } else if (std::getenv("PLUMB_REDACT_KEYS")) {
    redactor_ = std::make_shared<const Redactor>(Redactor::from_list(env("PLUMB_REDACT_KEYS")));
  } else {
    redactor_ = std::make_shared<const Redactor>();
  }
  telemetry.set_redactor(redactor_);
  telemetry.set_trace_io(options.trace_io || env("PLUMB_TRACE_IO") == "1");
  telemetry.set_sampler(sampler_from_env());
  metrics.set_max_series(options.max_series_per_metric);

  if (!options.push_gateway.empty()) check_exporter_url("--push-gateway", options.push_gateway);
  if (!options.influx_url.empty()) check_exporter_url("--influx-url", options.influx_url);
  const OtlpSettings settings = otlp_settings_from_env(
      OtlpTargetOptions{options.otlp_endpoint, options.otlp_protocol}, options.otlp_metrics);
  if (!settings.traces.url.empty()) {
    otlp_ = std::make_shared<OtlpTraceExporter>(settings, redactor_, options.shutdown_timeout);
    telemetry.add_exporter(otlp_);
  }
  if (!options.otlp_file.empty()) {
    telemetry.add_exporter(
        std::make_shared<OtlpFileExporter>(options.otlp_file, settings, redactor_));
  }
  if (!options.chrome_trace_path.empty()) {
    telemetry.add_exporter(
        std::make_shared<ChromeTraceExporter>(options.chrome_trace_path, redactor_));
  }

  const LogLevels levels = log_levels(options);
  const LogOutput output{options.log_file, options.log_file_max_bytes, options.log_file_max_files};
  if (options.log_format == "json") {
    log_sink_ = std::make_shared<JsonLogSink>(levels, output, redactor_);
  } else if (options.log_format == "text") {
    log_sink_ = std::make_shared<TextLogSink>(levels, output, redactor_);
  } else {
    throw std::runtime_error("unknown log format `" + options.log_format + "`; use text or json");
  }
  if (!settings.logs.url.empty()) {
    otlp_logs_ =
        std::make_shared<OtlpLogSink>(settings, levels, redactor_, options.shutdown_timeout);
    log_sink_ = std::make_shared<FanoutLogSink>(
        std::vector<std::shared_ptr<LogSink>>{log_sink_, otlp_logs_});
  }

  metrics.describe(
      "plumb_telemetry_spans_dropped_total", MetricKind::Counter,
      "Spans dropped because a buffer or the export queue was full or the export failed.");
  metrics.describe("plumb_telemetry_export_errors_total", MetricKind::Counter,
                   "Failed telemetry export requests (every attempt) and failed metric pushes.");
  metrics.describe("plumb_telemetry_metric_series_dropped_total", MetricKind::Counter,
                   "Label sets refused by the cardinality guard.");
  describe_process_metrics(metrics);
  if (!settings.metrics.url.empty()) {
    otlp_metrics_ = std::make_unique<OtlpMetricsExporter>(
        settings, [this] { return metrics_.collect(); }, options.shutdown_timeout);
  }
  collector_ = metrics.add_collector([this](MetricsRegistry& registry) { collect(registry); });

  if (options.metrics_port > 0) {
    server_ = std::make_unique<MetricsServer>(
        options.metrics_addr, options.metrics_port,
        [this](bool openmetrics) {
          auto families = metrics_.collect();
          return openmetrics ? format_openmetrics(families) : format_prometheus(families);
        },
        [this] {
          double active = 0;
          for (const MetricFamily& f : metrics_.snapshot()) {
            if (f.name != "plumb_pipeline_active") continue;
            for (const MetricSeries& s : f.series)
              active += s.value;
          }
          return static_cast<int>(active);
        });
  }
  announce(settings);
}

Exports::~Exports() {
  for (const std::string& error : shutdown())
    std::fprintf(stderr, "plumb: error: %s\n", error.c_str());
}

std::vector<std::string> Exports::shutdown() {
  if (shut_down_) return {};
  shut_down_ = true;
  if (log_sink_->enabled("telemetry", LogLevel::Debug)) {
    BatchStats spans = otlp_ ? otlp_->stats() : BatchStats{};
    debug("telemetry stopping",
          {{"spans_exported", Value::integer(telemetry_.exported())},
           {"spans_dropped", Value::integer(telemetry_.dropped() + spans.dropped + spans.rejected)},
           {"export_errors", Value::integer(static_cast<std::int64_t>(export_errors()))}});
  }
  server_.reset();
  // The last exports of spans, logs and metrics share one deadline; the telemetry's shutdown
  // then waits for the span exporter and closes the files. The last metrics export still runs
  // the collectors, the telemetry counters included.
  telemetry_.flush();
  if (otlp_) otlp_->stop();
  if (otlp_logs_) otlp_logs_->stop();
  if (otlp_metrics_) otlp_metrics_->shutdown();
  metrics_.remove_collector(collector_);
  if (otlp_logs_) otlp_logs_->shutdown();
  return telemetry_.shutdown();
}

int Exports::metrics_port() const {
  return server_ ? server_->port() : 0;
}

void Exports::collect(MetricsRegistry& registry) {
  std::uint64_t dropped = telemetry_.dropped();
  if (otlp_) {
    BatchStats stats = otlp_->stats();
    dropped += stats.dropped + stats.rejected;
  }
  const std::uint64_t errors = export_errors();
  registry.set(MetricKind::Counter, "plumb_telemetry_spans_dropped_total",
               static_cast<double>(dropped), {});
  registry.set(MetricKind::Counter, "plumb_telemetry_export_errors_total",
               static_cast<double>(errors), {});
  registry.set(MetricKind::Counter, "plumb_telemetry_metric_series_dropped_total",
               static_cast<double>(registry.dropped_series()), {});
  record_process_metrics(registry);
}

std::uint64_t Exports::export_errors() const {
  std::uint64_t errors = push_errors_.load();
  if (otlp_) errors += otlp_->stats().errors;
  if (otlp_logs_) errors += otlp_logs_->stats().errors;
  if (otlp_metrics_) errors += otlp_metrics_->stats().errors;
  return errors;
}

void Exports::debug(std::string_view message, Fields fields) const {
  if (!log_sink_->enabled("telemetry", LogLevel::Debug)) return;
  LogRecord record;
  record.time_ns = unix_now_ns();
  record.level = LogLevel::Debug;
  record.logger = "telemetry";
  record.message = std::string(message);
  record.fields = std::move(fields);
  log_sink_->write(record);
}

void Exports::announce(const OtlpSettings& settings) const {
  auto exporter = [this](const char* kind, const std::string& target) {
    debug("exporter started",
          {{"exporter", Value::string(kind)}, {"target", Value::string(redacted_url(target))}});
  };
  if (otlp_) exporter("otlp_traces", settings.traces.url);
  if (otlp_logs_) exporter("otlp_logs", settings.logs.url);
  if (otlp_metrics_) exporter("otlp_metrics", settings.metrics.url);
  if (!options_.otlp_file.empty()) exporter("otlp_file", options_.otlp_file);
  if (!options_.chrome_trace_path.empty()) exporter("chrome_trace", options_.chrome_trace_path);
  if (!options_.push_gateway.empty()) exporter("pushgateway", options_.push_gateway);
  if (!options_.influx_url.empty()) exporter("influx", options_.influx_url);
  if (server_) {
    debug("metrics server listening", {{"address", Value::string(options_.metrics_addr)},
                                       {"port", Value::integer(server_->port())}});
  }
}

void Exports::after_run(const SpanLoss& loss) {
  warn_dropped(loss, otlp_ ? otlp_->max_queue() : 0);
  if (otlp_metrics_) otlp_metrics_->export_soon();
  if (options_.push_gateway.empty() && options_.influx_url.empty()) return;
  auto families = metrics_.collect();
  auto pushed = [this](const char* kind, const std::string& url, const std::string& error) {
    Fields fields = {{"exporter", Value::string(kind)},
                     {"target", Value::string(redacted_url(url))}};
    if (!error.empty()) fields.emplace_back("error", Value::string(error));
    debug(error.empty() ? "metrics pushed" : "metrics push failed", std::move(fields));
  };
  if (!options_.push_gateway.empty()) {
    std::string error =
        push_to_gateway(options_.push_gateway, options_.push_job, families, options_.push_timeout);
    pushed("pushgateway", options_.push_gateway, error);
    if (!error.empty()) {
      push_errors_.fetch_add(1);
      std::fprintf(stderr, "plumb: warning: push to %s failed: %s\n",
                   redacted_url(options_.push_gateway).c_str(), error.c_str());
    }
  }
  if (!options_.influx_url.empty()) {
    std::string error =
        push_to_influx(options_.influx_url, families, unix_now_ns(), options_.push_timeout);
    pushed("influx", options_.influx_url, error);
    if (!error.empty()) {
      push_errors_.fetch_add(1);
      std::fprintf(stderr, "plumb: warning: influx push to %s failed: %s\n",
                   redacted_url(options_.influx_url).c_str(), error.c_str());
    }
  }
}

}  // namespace plumb::telemetry
