// The /metrics and /health endpoint: content negotiation, status codes, a real socket.
#include <gtest/gtest.h>

#include "runtime/telemetry/http_client.hpp"
#include "runtime/telemetry/metrics_server.hpp"

namespace plumb::telemetry {
namespace {

TEST(MetricsServer, Negotiation) {
  MetricsServer server(
      "127.0.0.1", 0, [](bool om) { return std::string(om ? "om" : "text"); }, [] { return 2; });
  HttpReply text = server.respond("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(text.status, 200);
  EXPECT_EQ(text.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(text.body, "text");
  HttpReply om = server.respond(
      "GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text;version=1.0.0,"
      "text/plain;version=0.0.4;q=0.5\r\n\r\n");
  EXPECT_EQ(om.content_type, "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_EQ(om.body, "om");
  HttpReply health = server.respond("GET /health HTTP/1.1\r\n\r\n");
  EXPECT_EQ(health.content_type, "application/json");
  EXPECT_NE(health.body.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_NE(health.body.find("\"active_runs\":2"), std::string::npos);
  EXPECT_EQ(server.respond("GET /nope HTTP/1.1\r\n\r\n").status, 404);
  EXPECT_EQ(server.respond("POST /metrics HTTP/1.1\r\n\r\n").status, 405);
  EXPECT_EQ(server.respond("garbage\r\n\r\n").status, 400);
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

TEST(MetricsServer, RefusesABusyPort) {
  MetricsServer first(
      "127.0.0.1", 0, [](bool) { return std::string(); }, [] { return 0; });
  EXPECT_THROW(MetricsServer(
                   "127.0.0.1", first.port(), [](bool) { return std::string(); }, [] { return 0; }),
               std::runtime_error);
}

}  // namespace
}  // namespace plumb::telemetry
