// The LLM price table: OpenAI list prices (standard tier, USD per 1M tokens) as published on
// openai.com/api/pricing as of 2025-08, and the PLUMB_PRICES override file, read again only when
// its path, size or modification time changes.
#include "stdlib/llm_prices.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace plumb::stdlib {

namespace {

struct BuiltinPrice {
  std::string_view model;
  ModelPrice price;
};

constexpr std::array<BuiltinPrice, 19> kListPrices = {{
    {"gpt-5", {1.25, 10.00}},
    {"gpt-5-mini", {0.25, 2.00}},
    {"gpt-5-nano", {0.05, 0.40}},
    {"gpt-4.1", {2.00, 8.00}},
    {"gpt-4.1-mini", {0.40, 1.60}},
    {"gpt-4.1-nano", {0.10, 0.40}},
    {"gpt-4o", {2.50, 10.00}},
    {"gpt-4o-mini", {0.15, 0.60}},
    {"gpt-4-turbo", {10.00, 30.00}},
    {"gpt-4", {30.00, 60.00}},
    {"gpt-3.5-turbo", {0.50, 1.50}},
    {"o1", {15.00, 60.00}},
    {"o1-mini", {1.10, 4.40}},
    {"o3", {2.00, 8.00}},
    {"o3-mini", {1.10, 4.40}},
    {"o4-mini", {1.10, 4.40}},
    {"text-embedding-3-small", {0.02, 0.00}},
    {"text-embedding-3-large", {0.13, 0.00}},
    {"text-embedding-ada-002", {0.10, 0.00}},
}};

using PriceMap = std::map<std::string, ModelPrice, std::less<>>;

struct OverrideFile {
  std::string path;
  std::filesystem::file_time_type modified;
  std::uintmax_t size = 0;
  std::shared_ptr<const PriceMap> prices;
};

[[noreturn]] void bad_file(const std::string& path, const std::string& problem) {
  throw std::runtime_error("PLUMB_PRICES file \"" + path + "\": " + problem);
}

double price_field(const std::string& path, const std::string& model, const nlohmann::json& entry,
                   const char* field) {
  auto it = entry.find(field);
  if (it == entry.end()) return 0;
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0) {
    bad_file(path,
             "`" + model + "." + field + "` must be a non-negative number of USD per 1M tokens");
  }
  return it->get<double>();
}

PriceMap parse_prices(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) bad_file(path, "cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    auto bracket = what.find("] ");
    bad_file(path, bracket == std::string::npos ? what : what.substr(bracket + 2));
  }
  if (!document.is_object()) {
    bad_file(path, "must be an object like {\"model\": {\"input\": 2.5, \"output\": 10.0}}");
  }
  PriceMap prices;
  for (const auto& [model, entry] : document.items()) {
    if (!entry.is_object())
      bad_file(path, "`" + model + "` must be an object with `input` and `output`");
    for (const auto& [key, value] : entry.items()) {
      if (key != "input" && key != "output") {
        bad_file(path,
                 "`" + model + "` has unknown field `" + key + "` (expected `input`, `output`)");
      }
    }
    if (!entry.contains("input")) bad_file(path, "`" + model + "` has no `input` price");
    prices[model] = {price_field(path, model, entry, "input"),
                     price_field(path, model, entry, "output")};
  }
  return prices;
}

// The override prices, or null without PLUMB_PRICES; cached while the file is unchanged.
std::shared_ptr<const PriceMap> override_prices() {
  const char* env = std::getenv("PLUMB_PRICES");
  if (env == nullptr || *env == '\0') return nullptr;
  std::string path(env);
  std::error_code ec;
  auto modified = std::filesystem::last_write_time(path, ec);
  if (ec) bad_file(path, ec.message());
  auto size = std::filesystem::file_size(path, ec);
  if (ec) bad_file(path, ec.message());

  static std::mutex mutex;
  static std::optional<OverrideFile> cached;
  std::lock_guard lock(mutex);
  if (!cached || cached->path != path || cached->modified != modified || cached->size != size) {
    cached =
        OverrideFile{path, modified, size, std::make_shared<const PriceMap>(parse_prices(path))};
  }
  return cached->prices;
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !text.empty();
}

// `gpt-4o-2024-08-06` -> `gpt-4o`, `gpt-4-0613` -> `gpt-4`; otherwise nullopt.
std::optional<std::string_view> snapshot_base(std::string_view model) {
  if (model.size() > 11 && model[model.size() - 11] == '-' && model[model.size() - 6] == '-' &&
      model[model.size() - 3] == '-' && all_digits(model.substr(model.size() - 10, 4)) &&
      all_digits(model.substr(model.size() - 5, 2)) && all_digits(model.substr(model.size() - 2))) {
    return model.substr(0, model.size() - 11);
  }
  if (model.size() > 5 && model[model.size() - 5] == '-' &&
      all_digits(model.substr(model.size() - 4))) {
    return model.substr(0, model.size() - 5);
  }
  return std::nullopt;
}

std::optional<ModelPrice> lookup(const std::shared_ptr<const PriceMap>& overrides,
                                 std::string_view model) {
  if (overrides) {
    auto it = overrides->find(model);
    if (it != overrides->end()) return it->second;
  }
  for (const BuiltinPrice& entry : kListPrices) {
    if (entry.model == model) return entry.price;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ModelPrice> model_price(std::string_view model) {
  std::shared_ptr<const PriceMap> overrides = override_prices();
  if (auto price = lookup(overrides, model)) return price;
  if (auto base = snapshot_base(model)) return lookup(overrides, *base);
  return std::nullopt;
}

double cost_usd(const ModelPrice& price, std::int64_t input_tokens, std::int64_t output_tokens) {
  return (static_cast<double>(input_tokens) * price.input +
          static_cast<double>(output_tokens) * price.output) /
         1e6;
}

}  // namespace plumb::stdlib
