// llm.chat and llm.embed against the fake OpenAI-compatible server: success with GenAI spans,
// usage and cost, 429 then success, 5xx retries and backoff, malformed replies, timeouts,
// endpoint resolution, the API key kept out of everything observable, and the price table.
#include "stdlib/http_client.hpp"
#include "stdlib/llm_client.hpp"
#include "stdlib/llm_prices.hpp"
#include "test/unit/stdlib_net/net_test_support.hpp"

#include <plumb/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>

namespace plumb::testing {
namespace {

const char* const kKey = "sk-test-secret-0123456789";

class LlmTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = std::make_unique<FakeServer>(); }
  static void TearDownTestSuite() { server.reset(); }
  static std::unique_ptr<FakeServer> server;

  static std::map<std::string, Value> chat_args(const std::string& model,
                                                const std::string& prompt = "hi") {
    return {{"prompt", Value::string(prompt)},
            {"model", Value::string(model)},
            {"endpoint", Value::string(server->url("/v1"))}};
  }
  static std::string message(const StageError& error) { return error.what(); }
  // The warnings of an llm.chat call to `endpoint` that gets no time to send anything.
  static std::vector<std::string> warnings_of_a_call_to(const char* endpoint) {
    auto args = chat_args("gpt-4o-mini");
    args["endpoint"] = Value::string(endpoint);
    TestContext ctx(stage("llm.chat"), args);
    ctx.left = 0;
    run_error(ctx, "llm.chat");
    return ctx.warnings;
  }
};
std::unique_ptr<FakeServer> LlmTest::server;

bool contains(const Value& value, const std::string& text) {
  return to_json(value).find(text) != std::string::npos;
}

TEST(LlmSignature, DeclaresPurityVersionAndParameters) {
  const StageSignature& chat = stage("llm.chat").signature;
  EXPECT_EQ(chat.purity, Purity::Volatile);
  EXPECT_EQ(chat.version, "1");
  ASSERT_EQ(chat.params.size(), 4u);
  EXPECT_EQ(chat.params[3].name, "endpoint");
  EXPECT_TRUE(chat.params[3].default_value->is_null());
  EXPECT_EQ(stage("llm.embed").signature.purity, Purity::Volatile);
  EXPECT_EQ(stage("llm.embed").signature.result.to_string(), "list[list[float]]");
}

TEST_F(LlmTest, ChatReturnsTextTokensAndCostWithGenAiSpans) {
  ScopedEnv key("OPENAI_API_KEY", kKey);
  auto args = chat_args("gpt-4o-mini");
  args["system"] = Value::string("be brief");
  FakeStageContext ctx(stage("llm.chat"), args);
  ctx.traceparent_value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  ctx.baggage_value = "tenant=acme";
  Value reply = run(ctx, "llm.chat");

  EXPECT_EQ(field_text(reply, "text"), "echo: hi");
  EXPECT_EQ(field_text(reply, "model"), "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(*reply.find_field("input_tokens"), Value::integer(1000));
  EXPECT_EQ(*reply.find_field("output_tokens"), Value::integer(500));
  EXPECT_NEAR(reply.find_field("cost_usd")->as_float(), 0.00045, 1e-12);

  ASSERT_EQ(ctx.spans.size(), 1u);
  const auto& span = ctx.spans[0];
  EXPECT_EQ(span.name, "chat gpt-4o-mini");
  EXPECT_TRUE(span.ended);
  EXPECT_EQ(span.error_type, "");
  EXPECT_EQ(span.attributes.at("gen_ai.operation.name"), Value::string("chat"));
  EXPECT_EQ(span.attributes.at("gen_ai.provider.name"), Value::string("openai"));
  EXPECT_EQ(span.attributes.at("gen_ai.request.model"), Value::string("gpt-4o-mini"));
  EXPECT_EQ(span.attributes.at("gen_ai.response.model"), Value::string("gpt-4o-mini-2024-07-18"));
  EXPECT_EQ(span.attributes.at("gen_ai.usage.input_tokens"), Value::integer(1000));
  EXPECT_EQ(span.attributes.at("gen_ai.usage.output_tokens"), Value::integer(500));
  EXPECT_EQ(span.attributes.at("gen_ai.response.id"), Value::string("chatcmpl-1"));
  EXPECT_EQ(span.attributes.at("server.address"), Value::string("127.0.0.1"));
  EXPECT_NEAR(span.attributes.at("plumb.cost.usd").as_float(), 0.00045, 1e-12);
  EXPECT_EQ(ctx.attributes["gen_ai.usage.input_tokens"], Value::integer(1000));
  EXPECT_EQ(ctx.attributes["gen_ai.response.model"], Value::string("gpt-4o-mini-2024-07-18"));
  EXPECT_EQ(ctx.attributes["plumb.cost.known"], Value::boolean(true));

  ASSERT_EQ(ctx.usage.size(), 1u);
  EXPECT_EQ(ctx.usage[0].model, "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(ctx.usage[0].input_tokens, 1000);
  EXPECT_EQ(ctx.usage[0].output_tokens, 500);

  std::vector<Value> requests = recorded(*server);
  ASSERT_FALSE(requests.empty());
  const Value& sent = requests.front();
  EXPECT_EQ(field_text(sent, "path"), "/v1/chat/completions");
  EXPECT_EQ(field_text(sent, "headers.authorization"), std::string("Bearer ") + kKey);
  EXPECT_EQ(field_text(sent, "headers.traceparent"), ctx.traceparent_value);
  EXPECT_EQ(field_text(sent, "headers.baggage"), "tenant=acme");
  Value body = parse_json(field_text(sent, "body"));
  EXPECT_EQ(to_json(body),
            to_json(parse_json(R"({"model":"gpt-4o-mini","messages":[{"role":"system",)"
                               R"("content":"be brief"},{"role":"user","content":"hi"}]})")));
  for (const auto& [name, value] : ctx.attributes)
    EXPECT_FALSE(contains(value, kKey)) << name;
  for (const auto& [name, value] : span.attributes)
    EXPECT_FALSE(contains(value, kKey)) << name;
}

TEST_F(LlmTest, RetriesA429AfterRetryAfter) {
  FakeStageContext ctx(stage("llm.chat"), chat_args("429-then-ok", "retry me"));
  auto start = std::chrono::steady_clock::now();
  Value reply = run(ctx, "llm.chat");
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(elapsed, 0.9);
  EXPECT_EQ(field_text(reply, "text"), "echo: retry me");
  ASSERT_EQ(ctx.spans.size(), 2u);
  EXPECT_EQ(ctx.spans[0].error_type, "429");
  EXPECT_EQ(ctx.spans[0].attributes.at("http.response.status_code"), Value::integer(429));
  EXPECT_EQ(ctx.spans[1].error_type, "");
  EXPECT_EQ(ctx.spans[1].attributes.at("plumb.llm.attempt"), Value::integer(2));
  EXPECT_EQ(ctx.usage.size(), 1u);
}

TEST_F(LlmTest, GivesUpAfterFourRetriesOf5xx) {
  FakeStageContext ctx(stage("llm.chat"), chat_args("500"));
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_TRUE(error.retryable());
  EXPECT_EQ(error.kind(), "http_500");
  EXPECT_NE(message(error).find("llm.chat: \"" + server->url("/v1/chat/completions") +
                                "\" returned 500: internal boom (after 5 attempts)"),
            std::string::npos)
      << message(error);
  EXPECT_EQ(ctx.spans.size(), 5u);
  for (const auto& span : ctx.spans)
    EXPECT_EQ(span.error_type, "500");
  EXPECT_TRUE(ctx.usage.empty());
}

TEST_F(LlmTest, BacksOffExponentiallyWithJitter) {
  TestContext ctx(stage("llm.chat"), chat_args("500-backoff"));
  ctx.fake_sleep = true;
  run_error(ctx, "llm.chat");
  ASSERT_EQ(ctx.sleeps.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    double full = 0.5 * static_cast<double>(1 << i);
    EXPECT_GE(ctx.sleeps[i], full / 2) << i;
    EXPECT_LE(ctx.sleeps[i], full) << i;
  }
}

TEST_F(LlmTest, DoesNotWaitPastTheNodeDeadline) {
  TestContext ctx(stage("llm.chat"), chat_args("429-then-ok", "deadline"));
  ctx.left = 0.5;
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_TRUE(ctx.sleeps.empty());
  EXPECT_TRUE(error.retryable());
  EXPECT_NE(message(error).find("returned 429: slow down (no time left"), std::string::npos)
      << message(error);
}

TEST_F(LlmTest, OtherClientErrorsFailAtOnce) {
  FakeStageContext ctx(stage("llm.chat"), chat_args("bad-request"));
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_FALSE(error.retryable());
  EXPECT_NE(message(error).find("returned 400: unknown parameter"), std::string::npos);
  EXPECT_EQ(ctx.spans.size(), 1u);
}

TEST_F(LlmTest, TheKeyNeverAppearsInErrorsOrSpans) {
  ScopedEnv key("OPENAI_API_KEY", kKey);
  FakeStageContext ctx(stage("llm.chat"), chat_args("unauthorized"));
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_EQ(message(error).find(kKey), std::string::npos) << message(error);
  EXPECT_NE(message(error).find("returned 401: Incorrect API key provided: Bearer [REDACTED]"),
            std::string::npos)
      << message(error);
  ASSERT_EQ(ctx.spans.size(), 1u);
  EXPECT_EQ(ctx.spans[0].error_message.find(kKey), std::string::npos);
  for (const auto& [name, value] : ctx.spans[0].attributes) {
    EXPECT_FALSE(contains(value, kKey)) << name;
  }
}

TEST_F(LlmTest, WarnsWhenTheKeyWouldTravelInClearText) {
  ScopedEnv key("OPENAI_API_KEY", kKey);
  // Loopback over http, and anything over https, is fine.
  FakeStageContext local(stage("llm.chat"), chat_args("gpt-4o-mini"));
  run(local, "llm.chat");
  EXPECT_TRUE(local.warnings.empty());
  EXPECT_TRUE(warnings_of_a_call_to("https://203.0.113.7/v1").empty());
  for (const char* endpoint : {"http://203.0.113.7:8080/v1", "HTTP://Example.COM/v1"}) {
    const std::vector<std::string> warnings = warnings_of_a_call_to(endpoint);
    ASSERT_EQ(warnings.size(), 1u) << endpoint;
    EXPECT_EQ(warnings[0].find(kKey), std::string::npos);
    EXPECT_NE(warnings[0].find("llm.chat sends OPENAI_API_KEY over plain http to "),
              std::string::npos)
        << warnings[0];
  }
}

TEST_F(LlmTest, NoKeyNoWarning) {
  EXPECT_TRUE(warnings_of_a_call_to("http://203.0.113.7:8080/v1").empty());
}

TEST(LoopbackHost, NamesAndAddressesOfThisMachine) {
  for (const char* host : {"localhost", "LocalHost", "api.localhost", "127.0.0.1", "127.8.9.10",
                           "[::1]", "::1", "[::ffff:127.0.0.1]"}) {
    EXPECT_TRUE(stdlib::is_loopback_host(host)) << host;
  }
  for (const char* host : {"example.com", "localhost.example.com", "10.0.0.1", "128.0.0.1", "[::2]",
                           "[::ffff:10.0.0.1]", "0.0.0.0", ""}) {
    EXPECT_FALSE(stdlib::is_loopback_host(host)) << host;
  }
}

TEST_F(LlmTest, MalformedRepliesFailRetryably) {
  for (const char* model : {"malformed", "no-choices"}) {
    FakeStageContext ctx(stage("llm.chat"), chat_args(model));
    StageError error = run_error(ctx, "llm.chat");
    EXPECT_EQ(error.kind(), "malformed_response");
    EXPECT_TRUE(error.retryable());
    EXPECT_NE(message(error).find("llm.chat: malformed response from \"" +
                                  server->url("/v1/chat/completions") + "\": "),
              std::string::npos)
        << message(error);
    ASSERT_EQ(ctx.spans.size(), 1u);
    EXPECT_EQ(ctx.spans[0].error_type, "malformed_response");
  }
}

TEST_F(LlmTest, TimesOutAtTheNodeDeadline) {
  TestContext ctx(stage("llm.chat"), chat_args("slow"));
  ctx.left = 0.5;
  auto start = std::chrono::steady_clock::now();
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 3.0);
  EXPECT_EQ(error.kind(), "timeout");
  EXPECT_TRUE(error.retryable());
  EXPECT_EQ(ctx.spans.at(0).error_type, "timeout");
}

TEST_F(LlmTest, TimesOutAfterPlumbLlmTimeout) {
  ScopedEnv timeout("PLUMB_LLM_TIMEOUT", "0.3");
  FakeStageContext ctx(stage("llm.chat"), chat_args("slow"));
  StageError error = run_error(ctx, "llm.chat");
  EXPECT_NE(message(error).find("timed out after 0.3 s"), std::string::npos) << message(error);
}

TEST_F(LlmTest, MissingUsageCountsZeroTokens) {
  FakeStageContext ctx(stage("llm.chat"), chat_args("no-usage"));
  Value reply = run(ctx, "llm.chat");
  EXPECT_EQ(*reply.find_field("input_tokens"), Value::integer(0));
  EXPECT_EQ(ctx.attributes["plumb.llm.usage_reported"], Value::boolean(false));
  EXPECT_EQ(ctx.attributes["plumb.cost.known"], Value::boolean(false));
}

TEST_F(LlmTest, FindsTheEndpointInTheEnvironment) {
  std::string base = server->url();  // no path: `/v1` is added
  {
    ScopedEnv endpoint("PLUMB_LLM_ENDPOINT", base.c_str());
    FakeStageContext ctx(stage("llm.chat"),
                         {{"prompt", Value::string("a")}, {"model", Value::string("ok")}});
    EXPECT_EQ(field_text(run(ctx, "llm.chat"), "text"), "echo: a");
  }
  {
    ScopedEnv endpoint("OPENAI_BASE_URL", (base + "/v1/").c_str());
    FakeStageContext ctx(stage("llm.chat"),
                         {{"prompt", Value::string("b")}, {"model", Value::string("ok")}});
    EXPECT_EQ(field_text(run(ctx, "llm.chat"), "text"), "echo: b");
  }
  FakeStageContext ctx(stage("llm.chat"),
                       {{"prompt", Value::string("c")}, {"model", Value::string("ok")}});
  EXPECT_EQ(message(run_error(ctx, "llm.chat")),
            "llm.chat: no endpoint: pass `endpoint:` or set PLUMB_LLM_ENDPOINT or OPENAI_BASE_URL");
}

TEST(LlmEndpoint, AppendsTheOperationPath) {
  using stdlib::llm_operation_url;
  EXPECT_EQ(llm_operation_url("http://h:8080", "/embeddings"), "http://h:8080/v1/embeddings");
  EXPECT_EQ(llm_operation_url("http://h:8080/", "/embeddings"), "http://h:8080/v1/embeddings");
  EXPECT_EQ(llm_operation_url("http://h:8080/v1/", "/chat/completions"),
            "http://h:8080/v1/chat/completions");
  EXPECT_EQ(llm_operation_url("https://h/openai/v1", "/chat/completions"),
            "https://h/openai/v1/chat/completions");
}

TEST_F(LlmTest, PricesCanBeOverriddenByAFile) {
  std::string path = ::testing::TempDir() + "plumb_prices.json";
  std::ofstream(path) << R"({"ok": {"input": 2.0, "output": 4.0}})";
  ScopedEnv prices("PLUMB_PRICES", path.c_str());
  FakeStageContext ctx(stage("llm.chat"), chat_args("ok"));
  Value reply = run(ctx, "llm.chat");
  EXPECT_NEAR(reply.find_field("cost_usd")->as_float(), (1000 * 2.0 + 500 * 4.0) / 1e6, 1e-12);
  EXPECT_EQ(ctx.attributes["plumb.cost.known"], Value::boolean(true));

  std::ofstream(path) << R"({"ok": {"input": "cheap"}})";
  FakeStageContext bad(stage("llm.chat"), chat_args("ok", "never sent"));
  std::size_t before = recorded(*server).size();
  StageError error = run_error(bad, "llm.chat");
  EXPECT_NE(message(error).find("llm.chat: PLUMB_PRICES file \"" + path + "\": `ok.input` must be"),
            std::string::npos)
      << message(error);
  EXPECT_FALSE(error.retryable());
  EXPECT_EQ(recorded(*server).size(), before);  // failed before sending anything
}

TEST(LlmPrices, KnowsListPricesAndSnapshots) {
  ScopedEnv prices("PLUMB_PRICES", nullptr);
  auto price = stdlib::model_price("gpt-4o-2024-08-06");
  ASSERT_TRUE(price);
  EXPECT_DOUBLE_EQ(price->input, 2.5);
  EXPECT_DOUBLE_EQ(price->output, 10.0);
  EXPECT_DOUBLE_EQ(stdlib::model_price("gpt-4-0613")->input, 30.0);
  EXPECT_DOUBLE_EQ(stdlib::model_price("text-embedding-3-small")->input, 0.02);
  EXPECT_FALSE(stdlib::model_price("llama3:8b"));
  EXPECT_DOUBLE_EQ(stdlib::cost_usd({2.5, 10.0}, 1'000'000, 100'000), 3.5);
}

TEST(LlmPrices, RejectsAMalformedFile) {
  std::string path = ::testing::TempDir() + "plumb_bad_prices.json";
  std::ofstream(path) << "{\"m\": ";
  ScopedEnv prices("PLUMB_PRICES", path.c_str());
  try {
    stdlib::model_price("m");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("PLUMB_PRICES file \"" + path + "\": "), std::string::npos)
        << e.what();
  }
}

TEST_F(LlmTest, EmbedReturnsVectorsInInputOrder) {
  std::vector<Value> texts = {Value::string("a"), Value::string("bbb"), Value::string("cc")};
  FakeStageContext ctx(stage("llm.embed"), {{"texts", Value::list(texts)},
                                            {"model", Value::string("text-embedding-3-small")},
                                            {"endpoint", Value::string(server->url("/v1"))}});
  Value vectors = run(ctx, "llm.embed");
  EXPECT_EQ(to_json(vectors), to_json(parse_json("[[1.0,0.0,0.5],[3.0,1.0,0.5],[2.0,2.0,0.5]]")));
  ASSERT_EQ(ctx.spans.size(), 1u);
  EXPECT_EQ(ctx.spans[0].name, "embeddings text-embedding-3-small");
  EXPECT_EQ(ctx.spans[0].attributes.at("gen_ai.operation.name"), Value::string("embeddings"));
  EXPECT_EQ(ctx.spans[0].attributes.at("gen_ai.usage.input_tokens"), Value::integer(6));
  EXPECT_EQ(ctx.spans[0].attributes.at("gen_ai.embeddings.dimension.count"), Value::integer(3));
  ASSERT_EQ(ctx.usage.size(), 1u);
  EXPECT_NEAR(ctx.usage[0].cost_usd, 6 * 0.02 / 1e6, 1e-15);
  EXPECT_EQ(ctx.attributes["plumb.items.in"], Value::integer(3));
  Value body = parse_json(field_text(recorded(*server).back(), "body"));
  EXPECT_EQ(to_json(body),
            to_json(parse_json(R"({"model":"text-embedding-3-small","input":["a","bbb","cc"]})")));
}

TEST_F(LlmTest, EmbedChecksItsInputAndReply) {
  std::vector<Value> texts = {Value::string("a"), Value::integer(2)};
  FakeStageContext bad(stage("llm.embed"), {{"texts", Value::list(texts)},
                                            {"model", Value::string("m")},
                                            {"endpoint", Value::string(server->url())}});
  EXPECT_EQ(message(run_error(bad, "llm.embed")),
            "llm.embed: argument `texts`: item 1 must be a str, not int");

  FakeStageContext empty(stage("llm.embed"), {{"texts", Value::list(std::vector<Value>{})},
                                              {"model", Value::string("m")}});
  EXPECT_EQ(run(empty, "llm.embed"), Value::list(std::vector<Value>{}));

  FakeStageContext malformed(stage("llm.embed"),
                             {{"texts", Value::list(std::vector<Value>{Value::string("a")})},
                              {"model", Value::string("malformed")},
                              {"endpoint", Value::string(server->url())}});
  StageError error = run_error(malformed, "llm.embed");
  EXPECT_EQ(error.kind(), "malformed_response");
}

}  // namespace
}  // namespace plumb::testing
