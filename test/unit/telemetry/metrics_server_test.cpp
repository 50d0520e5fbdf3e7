// The /metrics and /health endpoint: content negotiation, status codes, a real socket, and
// concurrency: idle connections neither block other clients nor stay open for long.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "runtime/telemetry/http_client.hpp"
#include "runtime/telemetry/metrics_server.hpp"

namespace plumb::telemetry {
namespace {

using Clock = std::chrono::steady_clock;

http_server::Request get(std::string path, std::string accept = "") {
  http_server::Request request{"GET", std::move(path), "", {}};
  if (!accept.empty()) request.headers.emplace_back("Accept", std::move(accept));
  return request;
}

// A connected TCP socket to 127.0.0.1:port.
int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// What the server sends until it closes the connection or `seconds` pass.
std::string read_reply(int fd, double seconds) {
  std::string reply;
  const auto give_up = Clock::now() + std::chrono::duration<double>(seconds);
  char buffer[4096];
  while (Clock::now() < give_up) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    reply.append(buffer, static_cast<std::size_t>(n));
  }
  return reply;
}

TEST(MetricsServer, Negotiation) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool om) { return std::string(om ? "om" : "text"); }, [] { return 2; });
  http_server::Reply text = server.respond(get("/metrics"));
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(text.body, "text");
  http_server::Reply om = server.respond(
      get("/metrics", "Application/OpenMetrics-Text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
  EXPECT_EQ(om.content_type, "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_EQ(om.body, "om");
  http_server::Reply health = server.respond(get("/health"));
  EXPECT_EQ(health.content_type, "application/json");
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_NE(health.body.find("\"active_runs\":2"), std::string::npos);
  EXPECT_EQ(server.respond(get("/nope")).status, 404);
  EXPECT_EQ(server.respond({"POST", "/metrics", "", {}}).status, 405);
}

TEST(MetricsServer, ServesOverTcp) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool) { return std::string("up 1\n"); }, [] { return 0; });
  ASSERT_GT(server.port(), 0);
  HttpClient client;
  HttpResponse r =
      client.send("GET", "http://127.0.0.1:" + std::to_string(server.port()) + "/metrics", {}, "",
                  std::chrono::milliseconds(2000));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "up 1\n");
}

TEST(MetricsServer, AnswersHeadWithoutABodyAndGarbageWith400) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool) { return std::string("up 1\n"); }, [] { return 0; });
  int head = connect_to(server.port());
  ASSERT_GE(head, 0);
  const char request[] = "HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ::send(head, request, std::strlen(request), MSG_NOSIGNAL);
  std::string reply = read_reply(head, 5);
  ::close(head);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("Content-Length: 5\r\n"), std::string::npos) << reply;
  EXPECT_TRUE(reply.ends_with("\r\n\r\n")) << reply;

  int garbage = connect_to(server.port());
  ASSERT_GE(garbage, 0);
  ::send(garbage, "garbage\r\n\r\n", 11, MSG_NOSIGNAL);
  reply = read_reply(garbage, 5);
  ::close(garbage);
  EXPECT_EQ(reply.rfind("HTTP/1.", 0), 0u) << reply;
  EXPECT_EQ(reply.find(" 400 Bad Request\r\n"), 8u) << reply;
}

// The old server took one connection at a time and waited 2 s for each request: 18 idle
// sockets delayed /health by 35 s. Now 40 idle sockets leave /health as quick as ever.
TEST(MetricsServer, IdleConnectionsDoNotDelayOthers) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool) { return std::string(); }, [] { return 0; });
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) {
    int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  int client = connect_to(server.port());
  ASSERT_GE(client, 0);
  const char request[] = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ::send(client, request, std::strlen(request), MSG_NOSIGNAL);
  // Long before the 80 s a one-at-a-time server would take (2 s for each idle socket); the
  // bound is loose so that a busy machine does not fail the test.
  std::string reply = read_reply(client, 5.0);
  ::close(client);
  EXPECT_NE(reply.find("\"status\":\"ok\""), std::string::npos) << reply;
  for (int fd : idle)
    ::close(fd);
}

TEST(MetricsServer, ClosesIdleConnections) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool) { return std::string(); }, [] { return 0; });
  int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  const auto start = Clock::now();
  std::string reply = read_reply(fd, 10);  // returns when the server closes the socket
  const double waited = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(fd);
  EXPECT_LT(waited, 8) << "an idle connection stayed open";
}

TEST(MetricsServer, RefusesABusyPort) {
  MetricsServer first(
      "127.0.0.1", 0, [](bool) { return std::string(); }, [] { return 0; });
  try {
    MetricsServer(
        "127.0.0.1", first.port(), [](bool) { return std::string(); }, [] { return 0; });
    ADD_FAILURE() << "a second server bound the same port";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                         ": address already in use");
  }
  EXPECT_THROW(MetricsServer(
                   "localhost", 0, [](bool) { return std::string(); }, [] { return 0; }),
               std::runtime_error);
}

}  // namespace
}  // namespace plumb::telemetry
