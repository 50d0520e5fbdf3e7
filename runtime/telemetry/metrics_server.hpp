// The /metrics and /health HTTP endpoint (`--metrics-port`): a small HTTP/1.1 server over
// POSIX sockets on one thread, listening on 127.0.0.1 unless told otherwise. It reads the
// request line and the `Accept` header, answers GET and HEAD, and closes each connection
// after its response. /metrics is the text format 0.0.4, or OpenMetrics when `Accept` names
// application/openmetrics-text; /health is JSON with status, uptime and active runs.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace plumb::telemetry {

struct HttpReply {
  int status = 200;
  std::string content_type;
  std::string body;
};

class MetricsServer {
 public:
  // The body of /metrics in OpenMetrics (true) or text 0.0.4 (false).
  using Metrics = std::function<std::string(bool openmetrics)>;
  // The number of runs going on, for /health.
  using ActiveRuns = std::function<int()>;

  // Binds and starts serving; throws std::runtime_error when the address cannot be bound.
  // Port 0 picks a free port (see port()).
  MetricsServer(const std::string& address, int port, Metrics metrics, ActiveRuns active);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  int port() const { return port_; }

  // The reply to a request, from its head (request line and headers); exposed for tests.
  HttpReply respond(const std::string& head) const;

 private:
  void serve();
  void handle(int client) const;

  Metrics metrics_;
  ActiveRuns active_;
  int listener_ = -1;
  int port_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace plumb::telemetry
