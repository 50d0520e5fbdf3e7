// Where each OTLP signal goes: protocols from the option and the variables (per signal first),
// endpoints per protocol (paths over HTTP, host:port over gRPC, the default ports), TLS over
// gRPC, metrics switched on by OTEL_METRICS_EXPORTER, and the gRPC status rules.
#include <gtest/gtest.h>

#include <cstdlib>

#include "runtime/telemetry/otel_config.hpp"
#include "runtime/telemetry/otlp_grpc_transport.hpp"
#include "runtime/telemetry/otlp_target.hpp"

namespace plumb::telemetry {
namespace {

// Sets variables for one test and removes every OTEL_EXPORTER_OTLP_* / OTEL_METRICS_* one
// the tests use, before and after.
class Environment {
 public:
  explicit Environment(std::initializer_list<std::pair<const char*, const char*>> values) {
    clear();
    for (const auto& [name, value] : values)
      ::setenv(name, value, 1);
  }
  ~Environment() { clear(); }

 private:
  static void clear() {
    for (const char* name :
         {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
          "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
          "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
          "OTEL_EXPORTER_OTLP_INSECURE", "OTEL_EXPORTER_OTLP_TRACES_INSECURE",
          "OTEL_METRICS_EXPORTER", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT"})
      ::unsetenv(name);
  }
};

TEST(OtlpTarget, DefaultIsHttpJsonAndNothingWithoutAnEndpoint) {
  Environment env({});
  OtlpTarget traces = resolve_otlp_target(OtlpSignal::Traces, {});
  EXPECT_EQ(traces.protocol, OtlpProtocol::HttpJson);
  EXPECT_TRUE(traces.url.empty());
}

TEST(OtlpTarget, HttpAppendsTheSignalPath) {
  Environment env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"},
                   {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"}});
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Traces, {}).url, "http://collector:4318/v1/traces");
  OtlpTarget metrics = resolve_otlp_target(OtlpSignal::Metrics, {});
  EXPECT_EQ(metrics.url, "http://collector:4318/v1/metrics");
  EXPECT_EQ(metrics.protocol, OtlpProtocol::HttpProtobuf);
}

TEST(OtlpTarget, PerSignalVariablesWin) {
  Environment env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"},
                   {"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
                   {"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "http/json"},
                   {"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:4318/custom"}});
  OtlpTarget traces = resolve_otlp_target(OtlpSignal::Traces, {});
  EXPECT_EQ(traces.protocol, OtlpProtocol::Grpc);
  EXPECT_EQ(traces.url, "http://collector:4317");
  EXPECT_FALSE(traces.tls);
  OtlpTarget logs = resolve_otlp_target(OtlpSignal::Logs, {});
  EXPECT_EQ(logs.protocol, OtlpProtocol::HttpJson);
  EXPECT_EQ(logs.url, "http://logs:4318/custom");
}

TEST(OtlpTarget, OptionsWinOverVariables) {
  Environment env({{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://ignored:4318/v1/traces"},
                   {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"}});
  OtlpTarget traces =
      resolve_otlp_target(OtlpSignal::Traces, {"https://collector.example:4317", "grpc"});
  EXPECT_EQ(traces.url, "https://collector.example:4317");
  EXPECT_EQ(traces.protocol, OtlpProtocol::Grpc);
  EXPECT_TRUE(traces.tls);
  EXPECT_THROW(resolve_otlp_target(OtlpSignal::Traces, {"http://x", "http/xml"}),
               std::runtime_error);
}

TEST(OtlpTarget, GrpcWithoutSchemeUsesTlsUnlessInsecure) {
  {
    Environment env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"}});
    EXPECT_TRUE(resolve_otlp_target(OtlpSignal::Traces, {"", "grpc"}).tls);
  }
  Environment env(
      {{"OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"}, {"OTEL_EXPORTER_OTLP_INSECURE", "TRUE"}});
  EXPECT_FALSE(resolve_otlp_target(OtlpSignal::Traces, {"", "grpc"}).tls);
}

TEST(OtlpTarget, EndpointsAreHttpOrHttpsAndPathsGoBeforeTheQuery) {
  Environment env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/otlp/?tenant=a"}});
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Logs, {}).url, "http://c:4318/otlp/v1/logs?tenant=a");
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Logs, {"http://c/v1/traces/", ""}).url,
            "http://c/v1/logs");
  EXPECT_THROW(resolve_otlp_target(OtlpSignal::Traces, {"gopher://c:70", ""}), std::runtime_error);
  EXPECT_THROW(resolve_otlp_target(OtlpSignal::Traces, {"gopher://c:70", "grpc"}),
               std::runtime_error);
  EXPECT_THROW(resolve_otlp_target(OtlpSignal::Traces, {"c:4318", ""}), std::runtime_error);
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Traces, {"c:4317", "grpc"}).url, "c:4317");
  Environment traces({{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "file:///tmp/spans"}});
  EXPECT_THROW(resolve_otlp_target(OtlpSignal::Traces, {}), std::runtime_error);
}

TEST(OtlpTarget, DefaultEndpointsPerProtocol) {
  Environment env({});
  OtlpTargetOptions options;
  options.default_endpoint = true;
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Metrics, options).url,
            "http://localhost:4318/v1/metrics");
  options.protocol = "grpc";
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Metrics, options).url, "http://localhost:4317");
}

TEST(OtlpTarget, UnknownProtocolVariableFallsBackToJson) {
  Environment env({{"OTEL_EXPORTER_OTLP_PROTOCOL", "thrift"}});
  EXPECT_EQ(resolve_otlp_target(OtlpSignal::Traces, {}).protocol, OtlpProtocol::HttpJson);
}

TEST(OtlpTarget, MetricsOnlyWhenAsked) {
  {
    Environment env({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"}});
    EXPECT_TRUE(otlp_settings_from_env({}).metrics.url.empty());
    EXPECT_EQ(otlp_settings_from_env({}, true).metrics.url, "http://c:4318/v1/metrics");
  }
  Environment env(
      {{"OTEL_METRICS_EXPORTER", "prometheus, otlp"}, {"OTEL_METRIC_EXPORT_INTERVAL", "250"}});
  OtlpSettings settings = otlp_settings_from_env({});
  EXPECT_EQ(settings.metrics.url, "http://localhost:4318/v1/metrics");
  EXPECT_TRUE(settings.traces.url.empty());
  EXPECT_EQ(settings.metric_export.interval.count(), 250);
}

TEST(OtlpGrpc, TargetsMethodsAndRetryRules) {
  EXPECT_EQ(grpc_target("http://127.0.0.1:4317"), "127.0.0.1:4317");
  EXPECT_EQ(grpc_target("https://collector:443/ignored"), "collector:443");
  EXPECT_EQ(grpc_target("collector:4317"), "collector:4317");
  EXPECT_EQ(otlp_grpc_method(OtlpSignal::Logs),
            "/opentelemetry.proto.collector.logs.v1.LogsService/Export");
  EXPECT_EQ(grpc_code_name(14), "UNAVAILABLE");
  EXPECT_EQ(grpc_code_name(99), "99");
  for (int code : {1, 4, 10, 11, 14, 15})
    EXPECT_TRUE(grpc_retryable(code, false)) << code;
  for (int code : {2, 3, 5, 6, 7, 9, 12, 13, 16})
    EXPECT_FALSE(grpc_retryable(code, true)) << code;
  EXPECT_FALSE(grpc_retryable(8, false));  // RESOURCE_EXHAUSTED without RetryInfo
  EXPECT_TRUE(grpc_retryable(8, true));
}

}  // namespace
}  // namespace plumb::telemetry
