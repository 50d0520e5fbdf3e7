// The OpenAI-compatible HTTP protocol shared by llm.chat and llm.embed: where the endpoint comes
// from, the API key, retries of 408/429/5xx with backoff and `Retry-After`, one child span per
// attempt following the OpenTelemetry GenAI conventions, token usage and its cost.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include <plumb/span.hpp>
#include <plumb/stage.hpp>

namespace plumb::stdlib {

// The base URL of the API: the `endpoint` argument when not null, else PLUMB_LLM_ENDPOINT, else
// OPENAI_BASE_URL, else `https://api.openai.com/v1` when OPENAI_API_KEY is set (as the OpenAI
// SDKs do). Throws StageError when there is none.
std::string llm_base_url(const StageContext& ctx);

// `base` + `path` (`/chat/completions`): a base with no path gets `/v1` first, so
// `http://host:8080`, `http://host:8080/` and `http://host:8080/v1` all mean the same server.
std::string llm_operation_url(std::string_view base, std::string_view path);

struct LlmCall {
  std::string operation;  // `chat` or `embeddings` (gen_ai.operation.name)
  std::string url;        // the full operation URL
  std::string model;      // the requested model
  std::string body;       // the JSON request
};

struct LlmUsage {
  std::string model;  // the model that answered (the requested one when the reply omits it)
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  bool reported = false;  // the reply had a `usage` object
  double cost_usd = 0;
  bool cost_known = false;
  std::int64_t bytes_sent = 0;  // request and response bodies, over all attempts
  std::int64_t bytes_received = 0;
};

// Thrown by a reply reader when the JSON has not the expected shape.
class MalformedReply : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Validates a successful reply and extracts the stage's result; may set span attributes.
using ReplyReader = std::function<void(const nlohmann::json& reply, Span& span)>;

// Sends `call`, retrying 408, 429 and 5xx up to 4 times. Failures throw StageError prefixed
// with the stage name; the API key never appears in messages or attributes.
LlmUsage llm_call(StageContext& ctx, const LlmCall& call, const ReplyReader& read);

// Sets the GenAI attributes on the node's span and records the usage for the run summary.
void report_llm_usage(StageContext& ctx, const std::string& operation,
                      const std::string& request_model, const LlmUsage& usage);

}  // namespace plumb::stdlib
