// Exporter URLs: http and https only (the message never repeats the URL), signal and API
// paths appended to the URL's path, before its query and fragment.
#include <gtest/gtest.h>

#include <stdexcept>

#include "runtime/telemetry/exporter_url.hpp"
#include "runtime/telemetry/metric_push.hpp"
#include "test/unit/telemetry/receiver.hpp"

namespace plumb::telemetry {
namespace {

TEST(ExporterUrl, AcceptsHttpAndHttpsOnly) {
  EXPECT_NO_THROW(check_exporter_url("--otlp-endpoint", "http://127.0.0.1:4318"));
  EXPECT_NO_THROW(check_exporter_url("--otlp-endpoint", "HTTPS://collector/otlp"));
  auto message = [](const char* url) {
    try {
      check_exporter_url("--otlp-endpoint", url);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("gopher://127.0.0.1:70"),
            "--otlp-endpoint: the URL's scheme `gopher` is not supported; use http or https");
  EXPECT_EQ(message("file:///tmp/x"),
            "--otlp-endpoint: the URL's scheme `file` is not supported; use http or https");
  EXPECT_EQ(message("localhost:4318"),
            "--otlp-endpoint: the URL has no scheme; write it as http://HOST:PORT or "
            "https://HOST:PORT");
  // The URL itself is never repeated: it may carry credentials.
  EXPECT_EQ(message("ftp://user:hunter2@host").find("hunter2"), std::string::npos);
}

TEST(ExporterUrl, AppendsToThePathBeforeQueryAndFragment) {
  EXPECT_EQ(append_url_path("http://h:4318", "/v1/traces"), "http://h:4318/v1/traces");
  EXPECT_EQ(append_url_path("http://h:4318/", "/v1/traces"), "http://h:4318/v1/traces");
  EXPECT_EQ(append_url_path("http://h/otlp/?tenant=a&x=1", "/v1/traces"),
            "http://h/otlp/v1/traces?tenant=a&x=1");
  EXPECT_EQ(append_url_path("http://h/p#frag", "/write"), "http://h/p/write#frag");
  EXPECT_EQ(url_without_path_suffix("http://h/v1/traces?k=v", "/v1/traces"), "http://h?k=v");
  EXPECT_EQ(url_without_path_suffix("http://h/x?q=/v1/traces", "/v1/traces"), std::nullopt);
}

TEST(ExporterUrl, PushesGoToThePathBeforeTheQuery) {
  testing::Receiver receiver({testing::Reply{}});
  const std::string base = receiver.url() + "/base/?tenant=a";
  EXPECT_EQ(push_to_gateway(base, "nightly job", {}, std::chrono::seconds(5)), "");
  EXPECT_EQ(push_to_influx(base, {}, 1, std::chrono::seconds(5)), "");
  EXPECT_EQ(push_to_influx(receiver.url() + "/write?db=x", {}, 1, std::chrono::seconds(5)), "");
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].head.substr(0, requests[0].head.find('\r')),
            "PUT /base/metrics/job/nightly%20job?tenant=a HTTP/1.1");
  EXPECT_EQ(requests[1].head.substr(0, requests[1].head.find('\r')),
            "POST /base/write?tenant=a HTTP/1.1");
  EXPECT_EQ(requests[2].head.substr(0, requests[2].head.find('\r')), "POST /write?db=x HTTP/1.1");
}

}  // namespace
}  // namespace plumb::telemetry
