// Where and how each OTLP signal (traces, logs, metrics) is sent: the protocol (`grpc`,
// `http/protobuf` or `http/json`, from --otlp-protocol, OTEL_EXPORTER_OTLP_<SIGNAL>_PROTOCOL
// or OTEL_EXPORTER_OTLP_PROTOCOL; default http/json) and the URL, http or https only. Over
// HTTP a base endpoint gets `/v1/<signal>` appended to its path (before its query) and a
// per-signal endpoint is used as is; over gRPC the endpoint is `scheme://host:port` (https,
// or no scheme without OTEL_EXPORTER_OTLP_INSECURE=true, means TLS). When a signal is exported
// without any endpoint set, the OpenTelemetry defaults apply: http://localhost:4318 over HTTP,
// http://localhost:4317 over gRPC.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace plumb::telemetry {

enum class OtlpProtocol { HttpJson, HttpProtobuf, Grpc };
enum class OtlpSignal { Traces, Logs, Metrics };

std::optional<OtlpProtocol> parse_otlp_protocol(std::string_view name);
std::string_view protocol_name(OtlpProtocol protocol);
// `traces`, `logs`, `metrics`: the path segment of OTLP/HTTP and the variables' infix.
std::string_view signal_name(OtlpSignal signal);

struct OtlpTarget {
  OtlpProtocol protocol = OtlpProtocol::HttpJson;
  std::string url;   // empty: the signal is not sent
  bool tls = false;  // gRPC: a secure channel (https, or no scheme and not insecure)
};

struct OtlpTargetOptions {
  std::string endpoint;  // --otlp-endpoint: base URL; wins over every variable
  std::string protocol;  // --otlp-protocol; wins over the variables
  // Send the signal to the default endpoint when none is set (OTLP metrics, which are
  // switched on by OTEL_METRICS_EXPORTER=otlp rather than by an endpoint).
  bool default_endpoint = false;
};

// Throws std::runtime_error for an unknown `options.protocol` and for an endpoint whose scheme
// is not http or https (or that has none, except over gRPC); an unknown protocol in a
// variable is a warning on stderr (the default is used), as is an endpoint whose port is the
// other transport's well-known one (4317 is gRPC's, 4318 HTTP's).
OtlpTarget resolve_otlp_target(OtlpSignal signal, const OtlpTargetOptions& options);

}  // namespace plumb::telemetry
