// MetricsServer: routes the embedded server's requests to /metrics and /health.
#include "runtime/telemetry/metrics_server.hpp"

#include <cctype>

#include "runtime/telemetry/json_text.hpp"
#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {

MetricsServer::MetricsServer(const std::string& address, int port, Metrics metrics,
                             ActiveRuns active)
    : metrics_(std::move(metrics)),
      active_(std::move(active)),
      started_(std::chrono::steady_clock::now()) {
  http_server::Options options;
  options.address = address;
  options.port = port;
  server_ = std::make_unique<http_server::Server>(
      options, [this](const http_server::Request& request) { return respond(request); });
}

http_server::Reply MetricsServer::respond(const http_server::Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") {
    return {405, "text/plain; charset=utf-8", "only GET and HEAD\n"};
  }
  if (request.path == "/metrics") {
    const std::string* accept = request.header("accept");
    std::string media = accept != nullptr ? *accept : std::string();
    for (char& c : media)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool openmetrics = media.find("application/openmetrics-text") != std::string::npos;
    return {200, std::string(openmetrics ? kOpenMetricsType : kPrometheusTextType),
            metrics_(openmetrics)};
  }
  if (request.path == "/health") {
    const double uptime =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string body = "{\"status\":\"ok\",\"uptime_seconds\":";
    append_double(body, uptime);
    body += ",\"active_runs\":";
    append_int(body, active_ ? active_() : 0);
    body += "}\n";
    return {200, "application/json", body};
  }
  return {404, "text/plain; charset=utf-8", "not found; try /metrics or /health\n"};
}

}  // namespace plumb::telemetry
