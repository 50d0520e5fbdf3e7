// Reading the OTEL_* variables.
#include "runtime/telemetry/otel_config.hpp"

#include <cstdio>
#include <cstdlib>

#include "base/value/redaction.hpp"

namespace plumb::telemetry {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

std::string trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return std::string(text);
}

// A non-negative integer from a variable; `fallback` when unset or malformed.
template <typename T>
T number(const char* name, T fallback) {
  std::string text = env(name);
  if (text.empty()) return fallback;
  char* end = nullptr;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || value < 0) {
    std::fprintf(stderr, "plumb: warning: ignoring %s=%s: not a non-negative integer\n", name,
                 text.c_str());
    return fallback;
  }
  return static_cast<T>(value);
}

// OTEL_METRICS_EXPORTER: a comma-separated list of `otlp`, `prometheus` (served by
// --metrics-port) and `none`.
bool metrics_exporter_lists_otlp() {
  const std::string list = env("OTEL_METRICS_EXPORTER");
  bool otlp = false;
  std::string_view rest = list;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string name = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (name == "otlp") {
      otlp = true;
    } else if (name != "prometheus" && name != "none" && !name.empty()) {
      std::fprintf(stderr,
                   "plumb: warning: ignoring `%s` in OTEL_METRICS_EXPORTER: plumb exports "
                   "metrics with `otlp` and `prometheus` (--metrics-port)\n",
                   name.c_str());
    }
  }
  return otlp;
}

}  // namespace

Headers parse_key_values(std::string_view text, std::string_view variable) {
  Headers out;
  for (std::size_t entry = 1; !text.empty(); ++entry) {
    auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    auto eq = item.find('=');
    std::string key = trim(item.substr(0, eq));
    if (eq == std::string_view::npos || key.empty()) {
      // The entry itself is not shown: a header may carry a credential.
      if (!trim(item).empty()) {
        std::fprintf(stderr, "plumb: warning: ignoring entry %zu of %.*s: not key=value\n", entry,
                     static_cast<int>(variable.size()), variable.data());
      }
      continue;
    }
    out.emplace_back(percent_decode(key), percent_decode(trim(item.substr(eq + 1))));
  }
  return out;
}

OtlpSettings otlp_settings_from_env(const OtlpTargetOptions& options, bool otlp_metrics) {
  OtlpSettings s;
  s.traces = resolve_otlp_target(OtlpSignal::Traces, options);
  s.logs = resolve_otlp_target(OtlpSignal::Logs, options);
  if (otlp_metrics || metrics_exporter_lists_otlp()) {
    OtlpTargetOptions metrics = options;
    metrics.default_endpoint = true;
    s.metrics = resolve_otlp_target(OtlpSignal::Metrics, metrics);
  }
  s.headers = parse_key_values(env("OTEL_EXPORTER_OTLP_HEADERS"), "OTEL_EXPORTER_OTLP_HEADERS");
  s.service_name = env("OTEL_SERVICE_NAME");
  s.resource = parse_key_values(env("OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES");
  BatchOptions& b = s.batch;
  b.max_queue = std::max<std::size_t>(1, number("OTEL_BSP_MAX_QUEUE_SIZE", b.max_queue));
  b.max_batch = std::max<std::size_t>(1, number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", b.max_batch));
  b.delay = std::chrono::milliseconds(number("OTEL_BSP_SCHEDULE_DELAY", b.delay.count()));
  const auto timeout = number("OTEL_EXPORTER_OTLP_TIMEOUT", b.export_timeout.count());
  b.export_timeout = std::chrono::milliseconds(number("OTEL_BSP_EXPORT_TIMEOUT", timeout));
  MetricExportOptions& m = s.metric_export;
  m.interval = std::chrono::milliseconds(
      std::max<long long>(1, number("OTEL_METRIC_EXPORT_INTERVAL", m.interval.count())));
  m.timeout = std::chrono::milliseconds(number("OTEL_METRIC_EXPORT_TIMEOUT", timeout));
  return s;
}

Sampler sampler_from_env() {
  std::string name = env("OTEL_TRACES_SAMPLER");
  if (name.empty()) return Sampler();
  std::string arg = env("OTEL_TRACES_SAMPLER_ARG");
  if (auto sampler = Sampler::parse(name, arg)) return *sampler;
  std::fprintf(stderr,
               "plumb: warning: ignoring OTEL_TRACES_SAMPLER=%s (argument `%s`); "
               "using parentbased_always_on\n",
               name.c_str(), arg.c_str());
  return Sampler();
}

}  // namespace plumb::telemetry
