// Prices of LLM models in USD per million tokens, used to put a cost on every llm.* call: a
// built-in table of list prices, overridable model by model with a JSON file named by
// `PLUMB_PRICES` (`{"my-model": {"input": 2.5, "output": 10.0}}`).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace plumb::stdlib {

struct ModelPrice {
  double input = 0;   // USD per 1M input (prompt) tokens
  double output = 0;  // USD per 1M output (completion) tokens
};

// The price of `model`: the PLUMB_PRICES file first, then the built-in table. A dated snapshot
// (`gpt-4o-2024-08-06`, `gpt-4-0613`) falls back to its base name. Nullopt when unknown.
// Throws std::runtime_error naming the file when PLUMB_PRICES cannot be read or is malformed.
std::optional<ModelPrice> model_price(std::string_view model);

double cost_usd(const ModelPrice& price, std::int64_t input_tokens, std::int64_t output_tokens);

}  // namespace plumb::stdlib
