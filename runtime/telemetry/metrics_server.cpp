// MetricsServer: poll() on the listening socket (so stopping takes at most one poll period),
// one connection at a time, a bounded request head read with a timeout.
#include "runtime/telemetry/metrics_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "runtime/telemetry/json_text.hpp"
#include "runtime/telemetry/prometheus_text.hpp"

namespace plumb::telemetry {

namespace {

constexpr int kPollMillis = 100;
constexpr std::size_t kMaxHead = 16 * 1024;
constexpr int kReadTimeoutMillis = 2000;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
  }
  return "Error";
}

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

MetricsServer::MetricsServer(const std::string& address, int port, Metrics metrics,
                             ActiveRuns active)
    : metrics_(std::move(metrics)), active_(std::move(active)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, address.c_str(), &addr.sin_addr) != 1) {
    throw std::runtime_error("invalid metrics address `" + address + "` (an IPv4 address)");
  }
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener_ < 0)
    throw std::runtime_error(std::string("cannot open a socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0) {
    std::string why = std::strerror(errno);
    ::close(listener_);
    throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + ": " +
                             why);
  }
  socklen_t length = sizeof addr;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &length);
  port_ = ntohs(addr.sin_port);
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { serve(); });
}

MetricsServer::~MetricsServer() {
  stopping_.store(true);
  thread_.join();
  ::close(listener_);
}

void MetricsServer::serve() {
  while (!stopping_.load()) {
    pollfd fd{listener_, POLLIN, 0};
    if (::poll(&fd, 1, kPollMillis) <= 0) continue;
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    handle(client);
    ::close(client);
  }
}

void MetricsServer::handle(int client) const {
  std::string head;
  char buffer[4096];
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kReadTimeoutMillis);
  while (head.find("\r\n\r\n") == std::string::npos && head.size() < kMaxHead) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    pollfd fd{client, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) return;
    ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    head.append(buffer, static_cast<std::size_t>(n));
  }
  HttpReply reply = respond(head);
  const bool head_only = head.rfind("HEAD ", 0) == 0;
  std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) +
                    "\r\nContent-Type: " + reply.content_type +
                    "\r\nContent-Length: " + std::to_string(reply.body.size()) +
                    "\r\nConnection: close\r\n\r\n";
  if (!head_only) out += reply.body;
  write_all(client, out);
}

HttpReply MetricsServer::respond(const std::string& head) const {
  const auto line_end = head.find("\r\n");
  const std::string line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
  if (sp2 == std::string::npos) return {400, "text/plain; charset=utf-8", "bad request\n"};
  const std::string method = line.substr(0, sp1);
  std::string path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  path = path.substr(0, path.find('?'));
  if (method != "GET" && method != "HEAD") {
    return {405, "text/plain; charset=utf-8", "only GET and HEAD\n"};
  }
  if (path == "/metrics") {
    std::string accept;
    const std::string lowered = lower(head);
    if (auto at = lowered.find("\r\naccept:"); at != std::string::npos) {
      accept = lowered.substr(at + 9, lowered.find("\r\n", at + 9) - (at + 9));
    }
    const bool openmetrics = accept.find("application/openmetrics-text") != std::string::npos;
    return {200, std::string(openmetrics ? kOpenMetricsType : kPrometheusTextType),
            metrics_(openmetrics)};
  }
  if (path == "/health") {
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
