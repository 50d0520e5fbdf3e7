// The /metrics and /health HTTP endpoint (`--metrics-port`), served by the embedded HTTP
// server (base/http_server: concurrent connections, 1 s idle timeout), listening on 127.0.0.1
// unless told otherwise. It answers GET and HEAD. /metrics is the text format 0.0.4, or
// OpenMetrics when `Accept` names application/openmetrics-text; /health is JSON with status,
// uptime and active runs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/http_server/server.hpp"

namespace plumb::telemetry {

class MetricsServer {
 public:
  // The body of /metrics in OpenMetrics (true) or text 0.0.4 (false).
  using Metrics = std::function<std::string(bool openmetrics)>;
  // The number of runs going on, for /health.
  using ActiveRuns = std::function<int()>;

  // Binds and starts serving; throws std::runtime_error when the address cannot be bound.
  // Port 0 picks a free port (see port()).
  MetricsServer(const std::string& address, int port, Metrics metrics, ActiveRuns active);

  int port() const { return server_->port(); }

  // The reply to a request; exposed for tests.
  http_server::Reply respond(const http_server::Request& request) const;

 private:
  Metrics metrics_;
  ActiveRuns active_;
  std::chrono::steady_clock::time_point started_;
  std::unique_ptr<http_server::Server> server_;  // last: stops before the rest goes
};

}  // namespace plumb::telemetry
