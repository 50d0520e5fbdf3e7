// http.get / http.post against the local fake server: bodies (JSON and text), headers,
// traceparent and baggage injection, statuses that fail (`check`) or not, `Retry-After`, query
// parameters, redirects, size limit, timeouts, cancellation, bad URLs, TLS verification and
// URL redaction.
#include "stdlib/http_client.hpp"
#include "test/unit/stdlib_net/net_test_support.hpp"

#include <plumb/json.hpp>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <memory>
#include <thread>

namespace plumb::testing {
namespace {

using std::chrono::steady_clock;

const char* const kTraceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

// The variables the stages read, cleared so the developer's environment cannot leak in.
class CleanEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "PLUMB_LLM_ENDPOINT",
                             "PLUMB_PRICES", "PLUMB_HTTP_MAX_BYTES", "PLUMB_LLM_TIMEOUT"}) {
      unsetenv(name);
    }
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
  }
};
const auto* const kCleanEnvironment = ::testing::AddGlobalTestEnvironment(new CleanEnvironment);

class HttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = std::make_unique<FakeServer>(); }
  static void TearDownTestSuite() { server.reset(); }
  static std::unique_ptr<FakeServer> server;

  static Value get(const std::string& path, std::map<std::string, Value> args = {}) {
    args["url"] = Value::string(server->url(path));
    FakeStageContext ctx(stage("http.get"), std::move(args));
    return run(ctx, "http.get");
  }
};
std::unique_ptr<FakeServer> HttpTest::server;

double seconds_since(steady_clock::time_point start) {
  return std::chrono::duration<double>(steady_clock::now() - start).count();
}

TEST(HttpSignature, DeclaresPurityVersionAndDefaults) {
  const StageSignature& get = stage("http.get").signature;
  const StageSignature& post = stage("http.post").signature;
  EXPECT_EQ(get.purity, Purity::Volatile);
  EXPECT_EQ(post.purity, Purity::Effect);
  EXPECT_EQ(get.version, "1");
  ASSERT_EQ(get.params.size(), 6u);
  EXPECT_EQ(get.params[0].name, "url");
  EXPECT_FALSE(get.params[0].default_value);
  EXPECT_EQ(*get.params[3].default_value, Value::number(30));
  EXPECT_EQ(get.params[4].name, "query");
  EXPECT_EQ(get.params[5].name, "check");
  EXPECT_EQ(*get.params[5].default_value, Value::string("server"));
  EXPECT_EQ(get.result.to_string(), post.result.to_string());
}

TEST_F(HttpTest, GetsTextWithStatusHeadersAndSpanAttributes) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/text"))}});
  Value reply = run(ctx, "http.get");
  EXPECT_EQ(*reply.find_field("status"), Value::integer(200));
  EXPECT_EQ(*reply.find_field("body"), Value::string("hello, world"));
  EXPECT_EQ(field_text(reply, "headers.content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(ctx.attributes["http.request.method"], Value::string("GET"));
  EXPECT_EQ(ctx.attributes["url.full"], Value::string(server->url("/text")));
  EXPECT_EQ(ctx.attributes["http.response.status_code"], Value::integer(200));
  EXPECT_EQ(ctx.attributes["plumb.bytes.read"], Value::integer(12));
}

TEST_F(HttpTest, ParsesJsonBodiesAndInjectsTraceparent) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/echo?q=1"))}});
  ctx.traceparent_value = kTraceparent;
  Value reply = run(ctx, "http.get");
  const Value& body = *reply.find_field("body");
  ASSERT_TRUE(body.is_record());
  EXPECT_EQ(field_text(body, "method"), "GET");
  EXPECT_EQ(field_text(body, "path"), "/echo?q=1");
  EXPECT_EQ(field_text(body, "headers.traceparent"), kTraceparent);
  EXPECT_EQ(field_text(body, "headers.user-agent"), "plumb");
}

TEST_F(HttpTest, SendsNoTraceparentWhenTracingIsOff) {
  Value body = *get("/echo").find_field("body");
  EXPECT_EQ(field_text(body, "headers.traceparent"), "<missing>");
}

TEST_F(HttpTest, SendsTheRunsBaggageUnlessTheCallerSetsOne) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/echo"))}});
  ctx.baggage_value = "tenant=acme,team=data";
  Value body = *run(ctx, "http.get").find_field("body");
  EXPECT_EQ(field_text(body, "headers.baggage"), "tenant=acme,team=data");

  std::pair<std::string_view, Value> headers[] = {{"Baggage", Value::string("mine=1")}};
  FakeStageContext own(stage("http.get"), {{"url", Value::string(server->url("/echo"))},
                                           {"headers", Value::record(headers)}});
  own.baggage_value = "tenant=acme";
  body = *run(own, "http.get").find_field("body");
  EXPECT_EQ(field_text(body, "headers.baggage"), "mine=1");
  EXPECT_EQ(field_text(*get("/echo").find_field("body"), "headers.baggage"), "<missing>");
}

TEST_F(HttpTest, KeepsAUserTraceparentAndSendsHeaders) {
  std::pair<std::string_view, Value> headers[] = {{"traceparent", Value::string("mine")},
                                                  {"X-Count", Value::integer(42)},
                                                  {"X-Flag", Value::boolean(true)}};
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/echo"))},
                                           {"headers", Value::record(headers)}});
  ctx.traceparent_value = kTraceparent;
  Value body = *run(ctx, "http.get").find_field("body");
  EXPECT_EQ(field_text(body, "headers.traceparent"), "mine");
  EXPECT_EQ(field_text(body, "headers.x-count"), "42");
  EXPECT_EQ(field_text(body, "headers.x-flag"), "true");
}

TEST_F(HttpTest, PostsValuesAsJson) {
  std::pair<std::string_view, Value> fields[] = {
      {"b", Value::integer(1)}, {"a", Value::list(std::vector<Value>{Value::string("x")})}};
  Value payload = Value::record(fields);
  FakeStageContext ctx(stage("http.post"),
                       {{"url", Value::string(server->url("/echo"))}, {"body", payload}});
  Value body = *run(ctx, "http.post").find_field("body");
  EXPECT_EQ(field_text(body, "method"), "POST");
  EXPECT_EQ(field_text(body, "body"), to_json(payload));
  EXPECT_EQ(field_text(body, "headers.content-type"), "application/json");
  EXPECT_EQ(ctx.attributes["plumb.bytes.written"],
            Value::integer(static_cast<std::int64_t>(to_json(payload).size())));
}

TEST_F(HttpTest, PostsStringsAsTheyAreWithTheirContentType) {
  FakeStageContext plain(stage("http.post"), {{"url", Value::string(server->url("/echo"))},
                                              {"body", Value::string("a=1&b=2")}});
  Value body = *run(plain, "http.post").find_field("body");
  EXPECT_EQ(field_text(body, "body"), "a=1&b=2");
  EXPECT_EQ(field_text(body, "headers.content-type"), "text/plain; charset=utf-8");

  std::pair<std::string_view, Value> headers[] = {
      {"content-type", Value::string("application/x-www-form-urlencoded")}};
  FakeStageContext form(stage("http.post"), {{"url", Value::string(server->url("/echo"))},
                                             {"body", Value::string("a=1")},
                                             {"headers", Value::record(headers)}});
  body = *run(form, "http.post").find_field("body");
  EXPECT_EQ(field_text(body, "headers.content-type"), "application/x-www-form-urlencoded");
}

TEST_F(HttpTest, ReturnsClientErrorsByDefault) {
  Value reply = get("/status/404");
  EXPECT_EQ(*reply.find_field("status"), Value::integer(404));
  EXPECT_EQ(*reply.find_field("body"), Value::string("status 404"));
  EXPECT_EQ(*get("/status/302").find_field("status"), Value::integer(302));
}

TEST_F(HttpTest, ServerErrorsAndTooManyRequestsFailRetryablyByDefault) {
  for (long status : {500L, 503L, 429L}) {
    std::string path = "/status/" + std::to_string(status);
    FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url(path))}});
    StageError error = run_error(ctx, "http.get");
    EXPECT_EQ(std::string(error.what()), "http.get: \"" + server->url(path) +
                                             "\" answered with status " + std::to_string(status) +
                                             ": status " + std::to_string(status));
    EXPECT_EQ(error.kind(), "http_" + std::to_string(status));
    EXPECT_TRUE(error.retryable());
    EXPECT_EQ(error.retry_after(), 0);
    EXPECT_EQ(ctx.attributes["http.response.status_code"], Value::integer(status));
  }
}

TEST_F(HttpTest, RetryAfterSetsTheLeastWaitBeforeTheNextAttempt) {
  FakeStageContext seconds(stage("http.get"),
                           {{"url", Value::string(server->url("/status/503?retry_after=7"))}});
  EXPECT_EQ(run_error(seconds, "http.get").retry_after(), 7);
  FakeStageContext millis(stage("http.get"),
                          {{"url", Value::string(server->url("/status/429?retry_after_ms=1500"))}});
  EXPECT_EQ(run_error(millis, "http.get").retry_after(), 1.5);
  FakeStageContext past(
      stage("http.get"),
      {{"url", Value::string(server->url(
                   "/status/503?retry_after=Wed,%2021%20Oct%202015%2007:28:00%20GMT"))}});
  EXPECT_EQ(run_error(past, "http.get").retry_after(), 0);
}

TEST_F(HttpTest, CheckChoosesWhichStatusesFail) {
  Value none = get("/status/503", {{"check", Value::string("none")}});
  EXPECT_EQ(*none.find_field("status"), Value::integer(503));
  EXPECT_EQ(*none.find_field("body"), Value::string("status 503"));

  FakeStageContext all(stage("http.get"), {{"url", Value::string(server->url("/status/404"))},
                                           {"check", Value::string("all")}});
  StageError error = run_error(all, "http.get");
  EXPECT_EQ(error.kind(), "http_404");
  EXPECT_FALSE(error.retryable());
  FakeStageContext timeout(stage("http.get"), {{"url", Value::string(server->url("/status/408"))},
                                               {"check", Value::string("all")}});
  EXPECT_TRUE(run_error(timeout, "http.get").retryable());
  EXPECT_EQ(*get("/status/201", {{"check", Value::string("all")}}).find_field("status"),
            Value::integer(201));

  FakeStageContext bad(stage("http.get"), {{"url", Value::string(server->url("/text"))},
                                           {"check", Value::string("5xx")}});
  EXPECT_EQ(std::string(run_error(bad, "http.get").what()),
            "http.get: argument `check` must be \"server\", \"all\" or \"none\", not \"5xx\"");
}

TEST_F(HttpTest, AppendsPercentEncodedQueryParameters) {
  std::pair<std::string_view, Value> query[] = {
      {"q", Value::string("up{job=\"x\"}")},
      {"n", Value::integer(2)},
      {"tags", Value::list(std::vector<Value>{Value::string("a b"), Value::string("c&d")})},
      {"skipped", Value()},
      {"é", Value::boolean(true)}};
  Value body = *get("/echo", {{"query", Value::record(query)}}).find_field("body");
  EXPECT_EQ(field_text(body, "path"),
            "/echo?q=up%7Bjob%3D%22x%22%7D&n=2&tags=a%20b&tags=c%26d&%C3%A9=true");

  std::pair<std::string_view, Value> one[] = {{"b", Value::string("2")}};
  body = *get("/echo?a=1#frag", {{"query", Value::record(one)}}).find_field("body");
  EXPECT_EQ(field_text(body, "path"), "/echo?a=1&b=2");
  EXPECT_EQ(stdlib::url_with_query("http://h/p?#f", {{"k", "v"}}), "http://h/p?k=v#f");
  EXPECT_EQ(stdlib::url_with_query("http://h/p", {}), "http://h/p");

  std::pair<std::string_view, Value> nested[] = {{"bad", Value::list(std::vector<Value>{Value()})}};
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/echo"))},
                                           {"query", Value::record(nested)}});
  EXPECT_EQ(std::string(run_error(ctx, "http.get").what()),
            "http.get: argument `query`: the items of `bad` must be str, int, float or bool, not "
            "null");
}

TEST_F(HttpTest, InvalidJsonFailsA2xxResponseButNotAnError) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/badjson"))}});
  StageError error = run_error(ctx, "http.get");
  EXPECT_NE(std::string(error.what()).find("http.get: response from"), std::string::npos);
  EXPECT_NE(std::string(error.what()).find("is not valid JSON: line 1 column 1"),
            std::string::npos);
  Value reply = get("/badjson?status=500", {{"check", Value::string("none")}});
  EXPECT_EQ(*reply.find_field("body"), Value::string("<html>not json</html>"));
}

TEST_F(HttpTest, FollowsUpToFiveRedirects) {
  Value reply = get("/redirect/5");
  EXPECT_EQ(*reply.find_field("status"), Value::integer(200));
  EXPECT_EQ(*reply.find_field("body"), Value::string("redirected"));

  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/redirect/6"))}});
  StageError error = run_error(ctx, "http.get");
  EXPECT_EQ(error.kind(), "too_many_redirects");
  EXPECT_FALSE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("more than 5 redirects"), std::string::npos);
}

TEST_F(HttpTest, LimitsTheResponseSize) {
  ScopedEnv limit("PLUMB_HTTP_MAX_BYTES", "1000");
  EXPECT_EQ(get("/big?n=1000").find_field("body")->as_str().size(), 1000u);
  for (const char* path : {"/big?n=5000", "/big-chunked?n=200000"}) {
    FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url(path))}});
    StageError error = run_error(ctx, "http.get");
    EXPECT_EQ(error.kind(), "response_too_large") << path;
    EXPECT_FALSE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("larger than 1000 bytes"), std::string::npos);
  }
}

TEST_F(HttpTest, RejectsABadSizeLimit) {
  ScopedEnv limit("PLUMB_HTTP_MAX_BYTES", "lots");
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/text"))}});
  EXPECT_NE(std::string(run_error(ctx, "http.get").what()).find("PLUMB_HTTP_MAX_BYTES"),
            std::string::npos);
}

TEST_F(HttpTest, TimesOutRetryably) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/slow?s=3"))},
                                           {"timeout", Value::number(0.3)}});
  auto start = steady_clock::now();
  StageError error = run_error(ctx, "http.get");
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(error.kind(), "timeout");
  EXPECT_TRUE(error.retryable());
  EXPECT_NE(std::string(error.what()).find("timed out after 0.3 s"), std::string::npos);
}

TEST_F(HttpTest, TheNodeDeadlineCapsTheTimeout) {
  TestContext ctx(stage("http.get"), {{"url", Value::string(server->url("/slow?s=3"))}});
  ctx.left = 0.3;
  auto start = steady_clock::now();
  StageError error = run_error(ctx, "http.get");
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_NE(std::string(error.what()).find("(node deadline)"), std::string::npos);
}

TEST_F(HttpTest, StopsWhenCancelled) {
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server->url("/slow?s=5"))}});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ctx.cancel();
  });
  auto start = steady_clock::now();
  StageError error = run_error(ctx, "http.get");
  canceller.join();
  EXPECT_LT(seconds_since(start), 3.0);
  EXPECT_EQ(error.kind(), "cancelled");
}

TEST_F(HttpTest, RejectsBadArguments) {
  struct Case {
    std::map<std::string, Value> args;
    std::string message;
  };
  std::pair<std::string_view, Value> list_header[] = {{"X-A", Value::list(std::vector<Value>{})}};
  std::pair<std::string_view, Value> broken_header[] = {{"X-A", Value::string("a\r\nX-B: b")}};
  std::pair<std::string_view, Value> bad_name[] = {{"X A", Value::string("a")}};
  std::vector<Case> cases = {
      {{{"url", Value::string("not a url")}}, "http.get: bad url \"not a url\""},
      {{{"url", Value::string("ftp://127.0.0.1/x")}}, "scheme `ftp` is not http or https"},
      {{{"url", Value::integer(3)}}, "http.get: argument `url` must be a str, not int"},
      {{{"url", Value::string(server->url())}, {"timeout", Value::number(0)}},
       "http.get: argument `timeout` must be a positive number of seconds, not 0"},
      {{{"url", Value::string(server->url())}, {"headers", Value::record(list_header)}},
       "http.get: argument `headers`: `X-A` must be a str, int, float or bool, not list"},
      {{{"url", Value::string(server->url())}, {"headers", Value::record(broken_header)}},
       "`X-A` contains a line break"},
      {{{"url", Value::string(server->url())}, {"headers", Value::record(bad_name)}},
       "\"X A\" is not a header name"},
  };
  for (Case& c : cases) {
    FakeStageContext ctx(stage("http.get"), c.args);
    StageError error = run_error(ctx, "http.get");
    EXPECT_NE(std::string(error.what()).find(c.message), std::string::npos) << error.what();
    EXPECT_FALSE(error.retryable()) << error.what();
  }
}

TEST(HttpConnection, RefusedConnectionsAreRetryable) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);  // nothing listens on this port any more
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/";
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(url)}});
  StageError error = run_error(ctx, "http.get");
  EXPECT_EQ(error.kind(), "connection_error");
  EXPECT_TRUE(error.retryable());
}

TEST(HttpTls, VerifiesCertificates) {
  FakeServer server(/*tls=*/true);
  server.use_https();
  FakeStageContext ctx(stage("http.get"), {{"url", Value::string(server.url("/text"))}});
  StageError error = run_error(ctx, "http.get");
  EXPECT_EQ(error.kind(), "tls_error") << error.what();
  EXPECT_FALSE(error.retryable());
}

TEST(HttpRedaction, HidesCredentialsAndSecretQueryValues) {
  EXPECT_EQ(redacted_url("http://user:pw@example.com/p?token=abc&x=1&Signature=s"),
            "http://REDACTED:REDACTED@example.com/p?token=REDACTED&x=1&Signature=REDACTED");
  EXPECT_EQ(redacted_url("https://example.com/a?b"), "https://example.com/a?b");
  EXPECT_EQ(redacted_url("not a url?key=1"), "not a url?key=REDACTED");

  FakeStageContext ctx(stage("http.get"),
                       {{"url", Value::string("http://u:secret@127.0.0.1:1/?api_key=k")},
                        {"timeout", Value::number(0.5)}});
  StageError error = run_error(ctx, "http.get");
  EXPECT_EQ(std::string(error.what()).find("secret"), std::string::npos) << error.what();
  EXPECT_EQ(ctx.attributes["url.full"],
            Value::string("http://REDACTED:REDACTED@127.0.0.1:1/?api_key=REDACTED"));
}

TEST(HttpMediaType, RecognisesJson) {
  EXPECT_TRUE(stdlib::is_json_media_type("application/json"));
  EXPECT_TRUE(stdlib::is_json_media_type("Application/JSON; charset=utf-8"));
  EXPECT_TRUE(stdlib::is_json_media_type("application/problem+json"));
  EXPECT_FALSE(stdlib::is_json_media_type("text/plain"));
  EXPECT_FALSE(stdlib::is_json_media_type("application/jsonl"));
}

}  // namespace
}  // namespace plumb::testing
