// Resolving each signal's OTLP protocol and URL from the options and the OTEL_* variables.
#include "runtime/telemetry/otlp_target.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "base/value/redaction.hpp"
#include "runtime/telemetry/exporter_url.hpp"

namespace plumb::telemetry {

namespace {

std::string env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value ? std::string(value) : std::string();
}

// OTEL_EXPORTER_OTLP_<SIGNAL>_<suffix>.
std::string signal_variable(OtlpSignal signal, std::string_view suffix) {
  std::string name = "OTEL_EXPORTER_OTLP_";
  for (char c : signal_name(signal))
    name += static_cast<char>(c - 'a' + 'A');
  name += '_';
  name += suffix;
  return name;
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  return url;
}

// The base URL with the signal's OTLP/HTTP path at the end of its path (before its query); a
// base whose path already ends in /v1/traces (the form --otlp-endpoint has always accepted)
// has that path replaced.
std::string http_url(const std::string& base, OtlpSignal signal) {
  const std::string path = "/v1/" + std::string(signal_name(signal));
  const std::string trimmed = append_url_path(base, "");  // no trailing slash on the path
  if (auto root = url_without_path_suffix(trimmed, "/v1/traces")) {
    return append_url_path(*root, path);
  }
  return append_url_path(trimmed, path);
}

OtlpProtocol protocol_of(OtlpSignal signal, const std::string& option) {
  if (!option.empty()) {
    if (auto protocol = parse_otlp_protocol(option)) return *protocol;
    throw std::runtime_error("unknown otlp protocol `" + option +
                             "`; use grpc, http/protobuf or http/json");
  }
  for (const std::string& name :
       {signal_variable(signal, "PROTOCOL"), std::string("OTEL_EXPORTER_OTLP_PROTOCOL")}) {
    const std::string value = env(name);
    if (value.empty()) continue;
    if (auto protocol = parse_otlp_protocol(value)) return *protocol;
    std::fprintf(stderr,
                 "plumb: warning: ignoring %s=%s: use grpc, http/protobuf or http/json; "
                 "using http/json\n",
                 name.c_str(), value.c_str());
    break;
  }
  return OtlpProtocol::HttpJson;
}

// The port of a URL (`scheme://host:port/path` or `host:port`), or -1.
int port_of(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find('/'));
  const auto colon = url.rfind(':');
  if (colon == std::string_view::npos || url.find(']', colon) != std::string_view::npos) return -1;
  int port = 0;
  for (char c : url.substr(colon + 1)) {
    if (c < '0' || c > '9') return -1;
    port = port * 10 + (c - '0');
  }
  return port;
}

void warn_about_port(const OtlpTarget& target, OtlpSignal signal) {
  const int port = port_of(target.url);
  const bool grpc = target.protocol == OtlpProtocol::Grpc;
  if ((grpc && port == 4318) || (!grpc && port == 4317)) {
    std::fprintf(stderr,
                 "plumb: warning: otlp %s endpoint %s uses port %d, the OTLP/%s port, but the "
                 "protocol is %s; set --otlp-protocol or OTEL_EXPORTER_OTLP_PROTOCOL\n",
                 std::string(signal_name(signal)).c_str(), redacted_url(target.url).c_str(), port,
                 grpc ? "HTTP" : "gRPC", std::string(protocol_name(target.protocol)).c_str());
  }
}

// An endpoint must be http or https; over gRPC it may also be a bare `host:port` (TLS unless
// OTEL_EXPORTER_OTLP_INSECURE=true).
void check_endpoint(const std::string& source, const std::string& url, bool grpc) {
  if (grpc && url.find("://") == std::string::npos) return;
  check_exporter_url(source, url);
}

bool insecure(OtlpSignal signal) {
  std::string value = env(signal_variable(signal, "INSECURE"));
  if (value.empty()) value = env("OTEL_EXPORTER_OTLP_INSECURE");
  for (char& c : value)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value == "true";
}

}  // namespace

std::optional<OtlpProtocol> parse_otlp_protocol(std::string_view name) {
  if (name == "http/json") return OtlpProtocol::HttpJson;
  if (name == "http/protobuf") return OtlpProtocol::HttpProtobuf;
  if (name == "grpc") return OtlpProtocol::Grpc;
  return std::nullopt;
}

std::string_view protocol_name(OtlpProtocol protocol) {
  switch (protocol) {
    case OtlpProtocol::HttpJson:
      return "http/json";
    case OtlpProtocol::HttpProtobuf:
      return "http/protobuf";
    case OtlpProtocol::Grpc:
      return "grpc";
  }
  return "http/json";
}

std::string_view signal_name(OtlpSignal signal) {
  switch (signal) {
    case OtlpSignal::Traces:
      return "traces";
    case OtlpSignal::Logs:
      return "logs";
    case OtlpSignal::Metrics:
      return "metrics";
  }
  return "traces";
}

OtlpTarget resolve_otlp_target(OtlpSignal signal, const OtlpTargetOptions& options) {
  OtlpTarget target;
  target.protocol = protocol_of(signal, options.protocol);
  const bool grpc = target.protocol == OtlpProtocol::Grpc;
  std::string base = options.endpoint;
  std::string source = "--otlp-endpoint";  // where the URL comes from, for errors
  if (base.empty()) {
    source = signal_variable(signal, "ENDPOINT");
    if (std::string url = env(source); !url.empty()) {
      check_endpoint(source, url, grpc);
      target.url = std::move(url);
    } else {
      source = "OTEL_EXPORTER_OTLP_ENDPOINT";
      base = env(source);
    }
  }
  if (target.url.empty() && base.empty() && options.default_endpoint) {
    base = grpc ? "http://localhost:4317" : "http://localhost:4318";
  }
  if (target.url.empty() && !base.empty()) {
    check_endpoint(source, base, grpc);
    target.url = grpc ? without_trailing_slashes(base) : http_url(base, signal);
  }
  if (target.url.empty()) return target;
  if (grpc) {
    const bool https = target.url.rfind("https://", 0) == 0;
    const bool http = target.url.rfind("http://", 0) == 0;
    target.tls = https || (!http && !insecure(signal));
  }
  warn_about_port(target, signal);
  return target;
}

}  // namespace plumb::telemetry
