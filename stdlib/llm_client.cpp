// The OpenAI-compatible protocol of llm.*: endpoint and key from the environment, the retry loop
// (exponential backoff with jitter, `Retry-After` / `retry-after-ms` honoured, never sleeping past
// the node's deadline), GenAI child spans per attempt, token usage and cost.
#include "stdlib/llm_client.hpp"

#include "stdlib/http_client.hpp"
#include "stdlib/llm_prices.hpp"

#include <plumb/error.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <random>

namespace plumb::stdlib {

namespace {

constexpr int kMaxRetries = 4;
constexpr double kBackoffBase = 0.5;
constexpr double kBackoffCap = 20;
constexpr double kRetryAfterCap = 60;
constexpr double kDefaultTimeout = 300;
constexpr std::size_t kMessageLimit = 300;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// Per-attempt timeout: PLUMB_LLM_TIMEOUT seconds, default 300 (a node @timeout caps it further).
double attempt_timeout(const StageContext& ctx) {
  std::string text = env("PLUMB_LLM_TIMEOUT");
  if (text.empty()) return kDefaultTimeout;
  auto value = parse_number(text);
  if (!value || *value <= 0) {
    ctx.fail("PLUMB_LLM_TIMEOUT must be a positive number of seconds, not \"" + text + "\"");
  }
  return *value;
}

// Replaces every occurrence of the API key (servers sometimes echo it back).
std::string scrub(std::string text, const std::string& key) {
  if (key.empty()) return text;
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
    text.replace(at, key.size(), "[REDACTED]");
  }
  return text;
}

// The error message of a failed reply: `error.message` of an OpenAI-style body, else the text.
std::string server_message(const std::string& body, const std::string& key) {
  std::string message;
  auto reply = nlohmann::json::parse(body, nullptr, false);
  if (reply.is_object()) {
    auto error = reply.find("error");
    if (error != reply.end() && error->is_object() && error->contains("message") &&
        (*error)["message"].is_string()) {
      message = (*error)["message"].get<std::string>();
    } else if (error != reply.end() && error->is_string()) {
      message = error->get<std::string>();
    } else if (reply.contains("message") && reply["message"].is_string()) {
      message = reply["message"].get<std::string>();
    }
  }
  if (message.empty()) message = body.substr(0, kMessageLimit);
  if (message.empty()) message = "(empty body)";
  return scrub(std::move(message), key);
}

// The wait before the next attempt: what the server asked for, else exponential backoff with
// jitter (base 0.5 s, doubled per attempt, at most 20 s, scaled by a random factor in [0.5, 1]).
double retry_delay(const HttpResponse& response, int attempt) {
  if (auto requested = requested_retry_delay(response)) return std::min(*requested, kRetryAfterCap);
  thread_local std::mt19937 random{std::random_device{}()};
  double backoff = std::min(kBackoffCap, kBackoffBase * std::pow(2.0, attempt));
  return backoff * std::uniform_real_distribution<double>(0.5, 1.0)(random);
}

std::int64_t token_count(const nlohmann::json& usage, const char* field) {
  auto it = usage.find(field);
  if (it == usage.end() || it->is_null()) return 0;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
    throw MalformedReply("`usage." + std::string(field) + "` is not a token count");
  }
  return it->get<std::int64_t>();
}

LlmUsage usage_of(const std::string& stage, const nlohmann::json& reply,
                  const std::string& request_model) {
  LlmUsage usage;
  auto model = reply.find("model");
  usage.model = model != reply.end() && model->is_string() && !model->get<std::string>().empty()
                    ? model->get<std::string>()
                    : request_model;
  auto counts = reply.find("usage");
  if (counts != reply.end() && counts->is_object()) {
    usage.reported = true;
    usage.input_tokens = token_count(*counts, "prompt_tokens");
    usage.output_tokens = token_count(*counts, "completion_tokens");
  }
  std::optional<ModelPrice> price;
  try {
    price = model_price(usage.model);
    if (!price) price = model_price(request_model);
  } catch (const std::runtime_error& e) {  // PLUMB_PRICES changed during the call
    throw StageError(stage + e.what(), "bad_prices", false);
  }
  if (price) usage.cost_usd = cost_usd(*price, usage.input_tokens, usage.output_tokens);
  usage.cost_known = price.has_value();
  return usage;
}

void set_request_attributes(Span& span, const LlmCall& call, int attempt) {
  span.set("gen_ai.operation.name", call.operation);
  span.set("gen_ai.provider.name", "openai");
  span.set("gen_ai.request.model", call.model);
  if (auto server = url_server(call.url)) {
    span.set("server.address", server->first);
    span.set("server.port", static_cast<std::int64_t>(server->second));
  }
  span.set("plumb.llm.attempt", static_cast<std::int64_t>(attempt + 1));
}

void set_usage_attributes(Span& span, const LlmUsage& usage) {
  span.set("gen_ai.response.model", usage.model);
  span.set("gen_ai.usage.input_tokens", usage.input_tokens);
  span.set("gen_ai.usage.output_tokens", usage.output_tokens);
  span.set("plumb.cost.usd", usage.cost_usd);
  span.set("plumb.cost.known", Value::boolean(usage.cost_known));
}

[[noreturn]] void fail_attempt(Span& span, const std::string& type, const std::string& message,
                               const std::string& kind, bool retryable) {
  span.set("error.type", type);
  span.set_error(type, message);
  throw StageError(message, kind, retryable);
}

// Warns (once per run and endpoint) when the API key would travel in clear text: plain http
// to a host other than this machine.
void warn_key_in_clear(StageContext& ctx, const std::string& url) {
  std::string scheme = url.substr(0, url.find("://"));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme != "http") return;
  auto server = url_server(url);
  if (!server || is_loopback_host(server->first)) return;
  ctx.warn_once(ctx.signature().name + " sends OPENAI_API_KEY over plain http to " + server->first +
                ":" + std::to_string(server->second) +
                ", where anyone on the way can read it; use an https endpoint");
}

}  // namespace

std::string llm_base_url(const StageContext& ctx) {
  const Value& endpoint = ctx.arg("endpoint");
  if (!endpoint.is_null()) {
    std::string_view base = ctx.str_arg("endpoint");
    if (base.empty()) ctx.fail("argument `endpoint` is empty");
    return std::string(base);
  }
  for (const char* name : {"PLUMB_LLM_ENDPOINT", "OPENAI_BASE_URL"}) {
    std::string base = env(name);
    if (!base.empty()) return base;
  }
  if (!env("OPENAI_API_KEY").empty()) return "https://api.openai.com/v1";
  ctx.fail("no endpoint: pass `endpoint:` or set PLUMB_LLM_ENDPOINT or OPENAI_BASE_URL");
}

std::string llm_operation_url(std::string_view base, std::string_view path) {
  std::string url(base);
  while (url.ends_with('/'))
    url.pop_back();
  auto scheme = url.find("://");
  auto authority = scheme == std::string::npos ? 0 : scheme + 3;
  if (url.find('/', authority) == std::string::npos) url += "/v1";
  return url.append(path);
}

LlmUsage llm_call(StageContext& ctx, const LlmCall& call, const ReplyReader& read) {
  const std::string stage = ctx.signature().name + ": ";
  const std::string key = env("OPENAI_API_KEY");
  const std::string shown = redacted_url(call.url);
  if (!key.empty()) warn_key_in_clear(ctx, call.url);
  try {
    model_price(call.model);  // a malformed PLUMB_PRICES fails before any tokens are spent
  } catch (const std::runtime_error& e) {
    throw StageError(stage + e.what(), "bad_prices", false);
  }

  HttpRequest request;
  request.method = "POST";
  request.url = call.url;
  request.body = call.body;
  request.timeout_seconds = attempt_timeout(ctx);
  try {
    request.max_response_bytes = http_max_response_bytes();
  } catch (const std::invalid_argument& e) {
    ctx.fail(e.what());
  }
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  if (!key.empty()) request.headers.emplace_back("Authorization", "Bearer " + key);
  if (std::string parent = ctx.traceparent(); !parent.empty()) {
    request.headers.emplace_back("traceparent", parent);
  }
  if (std::string baggage = ctx.baggage(); !baggage.empty()) {
    request.headers.emplace_back("baggage", baggage);
  }

  std::int64_t sent = 0;
  std::int64_t received = 0;
  for (int attempt = 0;; ++attempt) {
    double delay = 0;
    {
      Span span(call.operation + " " + call.model);
      set_request_attributes(span, call, attempt);
      HttpResponse response;
      try {
        response = http_perform(request, ctx);
      } catch (const HttpError& e) {
        fail_attempt(span, std::string(e.type()), stage + scrub(e.what(), key),
                     std::string(e.type()), e.retryable());
      }
      sent += static_cast<std::int64_t>(call.body.size());
      received += static_cast<std::int64_t>(response.body.size());
      span.set("http.response.status_code", static_cast<std::int64_t>(response.status));
      if (response.status >= 200 && response.status < 300) {
        try {
          nlohmann::json reply = nlohmann::json::parse(response.body);
          if (!reply.is_object()) throw MalformedReply("the reply is not a JSON object");
          read(reply, span);
          LlmUsage usage = usage_of(stage, reply, call.model);
          if (auto id = reply.find("id"); id != reply.end() && id->is_string()) {
            span.set("gen_ai.response.id", id->get<std::string>());
          }
          set_usage_attributes(span, usage);
          usage.bytes_sent = sent;
          usage.bytes_received = received;
          return usage;
        } catch (const nlohmann::json::exception& e) {
          std::string what = e.what();
          auto bracket = what.find("] ");
          fail_attempt(
              span, "malformed_response",
              stage + "malformed response from \"" + shown + "\": " +
                  scrub(bracket == std::string::npos ? what : what.substr(bracket + 2), key),
              "malformed_response", true);
        } catch (const MalformedReply& e) {
          fail_attempt(span, "malformed_response",
                       stage + "malformed response from \"" + shown + "\": " + e.what(),
                       "malformed_response", true);
        }
      }
      const std::string status = std::to_string(response.status);
      const std::string message = stage + "\"" + shown + "\" returned " + status + ": " +
                                  server_message(response.body, key);
      bool transient = response.status == 408 || response.status == 429 || response.status >= 500;
      if (!transient) fail_attempt(span, status, message, "http_" + status, false);
      if (attempt == kMaxRetries) {
        fail_attempt(span, status,
                     message + " (after " + std::to_string(attempt + 1) + " attempts)",
                     "http_" + status, true);
      }
      delay = retry_delay(response, attempt);
      if (delay >= ctx.seconds_left()) {
        fail_attempt(span, status, message + " (no time left for a retry before the node deadline)",
                     "http_" + status, true);
      }
      span.set("error.type", status);
      span.set_error(status, message);
    }
    if (!ctx.sleep_for(delay)) {
      throw StageError(stage + "cancelled while waiting to retry \"" + shown + "\"", "cancelled",
                       false);
    }
  }
}

void report_llm_usage(StageContext& ctx, const std::string& operation,
                      const std::string& request_model, const LlmUsage& usage) {
  ctx.set_attribute("gen_ai.operation.name", Value::string(operation));
  ctx.set_attribute("gen_ai.provider.name", Value::string("openai"));
  ctx.set_attribute("gen_ai.request.model", Value::string(request_model));
  ctx.set_attribute("gen_ai.response.model", Value::string(usage.model));
  ctx.set_attribute("gen_ai.usage.input_tokens", Value::integer(usage.input_tokens));
  ctx.set_attribute("gen_ai.usage.output_tokens", Value::integer(usage.output_tokens));
  ctx.set_attribute("plumb.cost.usd", Value::number(usage.cost_usd));
  ctx.set_attribute("plumb.cost.known", Value::boolean(usage.cost_known));
  if (!usage.reported) ctx.set_attribute("plumb.llm.usage_reported", Value::boolean(false));
  ctx.record_llm_usage(usage.model, usage.input_tokens, usage.output_tokens, usage.cost_usd);
  if (ctx.debug_enabled()) {
    ctx.debug("llm usage", {{"gen_ai.operation.name", Value::string(operation)},
                            {"gen_ai.response.model", Value::string(usage.model)},
                            {"gen_ai.usage.input_tokens", Value::integer(usage.input_tokens)},
                            {"gen_ai.usage.output_tokens", Value::integer(usage.output_tokens)},
                            {"plumb.cost.usd", Value::number(usage.cost_usd)}});
  }
}

}  // namespace plumb::stdlib
