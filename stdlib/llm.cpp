// llm.chat and llm.embed: calls to an OpenAI-compatible API (`/chat/completions`,
// `/embeddings`). The protocol, retries, spans and cost live in llm_client; this file builds the
// requests, reads the replies and registers the stages.
#include "stdlib/llm_client.hpp"
#include "stdlib/stdlib.hpp"

#include <plumb/error.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace plumb::stdlib {

namespace {

// OpenAI accepts at most 2048 inputs per embeddings request.
constexpr std::size_t kEmbedBatch = 2048;

using Json = nlohmann::ordered_json;

std::string dump(const Json& body) {
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string model_arg(const StageContext& ctx) {
  std::string model(ctx.str_arg("model"));
  if (model.empty()) ctx.fail("argument `model` is empty");
  return model;
}

Value chat(StageContext& ctx) {
  std::string prompt(ctx.str_arg("prompt"));
  std::string system(ctx.str_arg("system"));
  std::string model = model_arg(ctx);
  Json messages = Json::array();
  if (!system.empty()) messages.push_back({{"role", "system"}, {"content", system}});
  messages.push_back({{"role", "user"}, {"content", prompt}});
  LlmCall call{"chat", llm_operation_url(llm_base_url(ctx), "/chat/completions"), model,
               dump({{"model", model}, {"messages", std::move(messages)}})};

  std::string text;
  LlmUsage usage = llm_call(ctx, call, [&](const nlohmann::json& reply, Span& span) {
    auto choices = reply.find("choices");
    if (choices == reply.end() || !choices->is_array() || choices->empty()) {
      throw MalformedReply("no `choices` in the reply");
    }
    const nlohmann::json& choice = choices->front();
    auto message = choice.is_object() ? choice.find("message") : choice.end();
    if (!choice.is_object() || message == choice.end() || !message->is_object()) {
      throw MalformedReply("no `choices[0].message` in the reply");
    }
    auto content = message->find("content");
    if (content != message->end() && content->is_string()) {
      text = content->get<std::string>();
    } else if (content != message->end() && !content->is_null()) {
      throw MalformedReply("`choices[0].message.content` is not a string");
    }
    auto finish = choice.find("finish_reason");
    if (finish != choice.end() && finish->is_string()) {
      span.set("gen_ai.response.finish_reasons",
               Value::list(std::vector<Value>{Value::string(finish->get<std::string>())}));
    }
  });

  report_llm_usage(ctx, "chat", model, usage);
  ctx.items(1, 1);
  ctx.bytes(usage.bytes_received, usage.bytes_sent);
  std::pair<std::string_view, Value> fields[] = {
      {"text", Value::string(text)},
      {"model", Value::string(usage.model)},
      {"input_tokens", Value::integer(usage.input_tokens)},
      {"output_tokens", Value::integer(usage.output_tokens)},
      {"cost_usd", Value::number(usage.cost_usd)},
  };
  return Value::record(fields);
}

// Reads the vectors of one batch into `out` (size of the batch), placed by their `index`.
void read_embeddings(const nlohmann::json& reply, Span& span, std::vector<Value>& out) {
  auto data = reply.find("data");
  if (data == reply.end() || !data->is_array()) throw MalformedReply("no `data` list in the reply");
  if (data->size() != out.size()) {
    throw MalformedReply("expected " + std::to_string(out.size()) + " embeddings, got " +
                         std::to_string(data->size()));
  }
  std::vector<bool> seen(out.size(), false);
  for (std::size_t position = 0; position < data->size(); ++position) {
    const nlohmann::json& item = (*data)[position];
    auto index = item.is_object() ? item.find("index") : item.end();
    std::size_t slot = position;
    if (index != item.end() && index->is_number_unsigned() &&
        index->get<std::size_t>() < out.size()) {
      slot = index->get<std::size_t>();
    } else if (item.is_object() && index != item.end()) {
      throw MalformedReply("`data[" + std::to_string(position) + "].index` is out of range");
    }
    if (seen[slot]) throw MalformedReply("two embeddings for index " + std::to_string(slot));
    seen[slot] = true;
    auto embedding = item.is_object() ? item.find("embedding") : item.end();
    if (!item.is_object() || embedding == item.end() || !embedding->is_array()) {
      throw MalformedReply("`data[" + std::to_string(position) + "].embedding` is not a list");
    }
    std::vector<Value> vector;
    vector.reserve(embedding->size());
    for (const nlohmann::json& x : *embedding) {
      if (!x.is_number()) {
        throw MalformedReply("`data[" + std::to_string(position) + "].embedding` has a non-number");
      }
      vector.push_back(Value::number(x.get<double>()));
    }
    out[slot] = Value::list(std::move(vector));
  }
  if (!out.empty()) {
    span.set("gen_ai.embeddings.dimension.count",
             static_cast<std::int64_t>(out.front().as_list().size()));
  }
}

Value embed(StageContext& ctx) {
  std::span<const Value> texts = ctx.list_arg("texts");
  std::string model = model_arg(ctx);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i].is_str()) {
      ctx.fail("argument `texts`: item " + std::to_string(i) + " must be a str, not " +
               std::string(type_name(texts[i])));
    }
  }
  ctx.items(static_cast<std::int64_t>(texts.size()), static_cast<std::int64_t>(texts.size()));
  if (texts.empty()) return Value::list(std::vector<Value>{});
  std::string url = llm_operation_url(llm_base_url(ctx), "/embeddings");

  std::vector<Value> vectors;
  vectors.reserve(texts.size());
  LlmUsage total;
  total.reported = true;
  total.cost_known = true;
  for (std::size_t start = 0; start < texts.size(); start += kEmbedBatch) {
    std::size_t count = std::min(kEmbedBatch, texts.size() - start);
    Json input = Json::array();
    for (std::size_t i = start; i < start + count; ++i)
      input.push_back(texts[i].as_str());
    LlmCall call{"embeddings", url, model, dump({{"model", model}, {"input", std::move(input)}})};
    std::vector<Value> batch(count);
    LlmUsage usage = llm_call(ctx, call, [&](const nlohmann::json& reply, Span& span) {
      read_embeddings(reply, span, batch);
    });
    std::move(batch.begin(), batch.end(), std::back_inserter(vectors));
    total.model = usage.model;
    total.input_tokens += usage.input_tokens;
    total.output_tokens += usage.output_tokens;
    total.reported = total.reported && usage.reported;
    total.cost_usd += usage.cost_usd;
    total.cost_known = total.cost_known && usage.cost_known;
    total.bytes_sent += usage.bytes_sent;
    total.bytes_received += usage.bytes_received;
  }
  report_llm_usage(ctx, "embeddings", model, total);
  ctx.bytes(total.bytes_received, total.bytes_sent);
  return Value::list(std::move(vectors));
}

const char* const kEndpointDoc =
    "base URL of an OpenAI-compatible API (`http://host:8080/v1`; `/v1` is added when the URL "
    "has no path); null: PLUMB_LLM_ENDPOINT, else OPENAI_BASE_URL, else api.openai.com when "
    "OPENAI_API_KEY is set. Sending the key over plain http to another host than this machine "
    "warns once per run and endpoint";

}  // namespace

void register_llm(StageRegistry& registry) {
  StageSignature chat_signature;
  chat_signature.name = "llm.chat";
  chat_signature.params = {
      {"prompt", Type::string(), std::nullopt, "the user message"},
      {"model", Type::string(), std::nullopt, "model name, e.g. `gpt-4o-mini`"},
      {"system", Type::string(), Value::string(""), "system message (none when empty)"},
      {"endpoint", Type::nullable(Type::string()), Value(), kEndpointDoc},
  };
  RecordField chat_fields[] = {{"text", Type::string()},
                               {"model", Type::string()},
                               {"input_tokens", Type::integer()},
                               {"output_tokens", Type::integer()},
                               {"cost_usd", Type::number()}};
  chat_signature.result = Type::record(chat_fields);
  chat_signature.purity = Purity::Volatile;
  chat_signature.version = "1";
  chat_signature.summary =
      "one chat completion from an OpenAI-compatible API, with tokens and cost";
  registry.add({std::move(chat_signature), chat, {}});

  StageSignature embed_signature;
  embed_signature.name = "llm.embed";
  embed_signature.params = {
      {"texts", Type::list(Type::string()), std::nullopt, "the texts to embed"},
      {"model", Type::string(), std::nullopt, "model name, e.g. `text-embedding-3-small`"},
      {"endpoint", Type::nullable(Type::string()), Value(), kEndpointDoc},
  };
  embed_signature.result = Type::list(Type::list(Type::number()));
  embed_signature.purity = Purity::Volatile;
  embed_signature.version = "1";
  embed_signature.summary = "embedding vectors from an OpenAI-compatible API, in input order";
  registry.add({std::move(embed_signature), embed, {}});
}

}  // namespace plumb::stdlib
