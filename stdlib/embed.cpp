// embed.hash: an offline, deterministic feature-hashing text embedder. The features of a text
// are its text.words (lower-cased, Unicode-aware) and its word bigrams ("new york"). Each
// feature is hashed with 64-bit FNV-1a over its UTF-8 bytes; the hash modulo `dim` picks the
// component and its top bit the sign (+1 when clear, -1 when set). The vector of summed signs
// is scaled to unit L2 length; a text without words gives the zero vector. The same text gives
// the same vector on every machine and in every version "1" of the stage.
#include "stdlib/arguments.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/text_support.hpp"

#include <cmath>

namespace plumb::stdlib {

namespace {

constexpr std::int64_t kMaxDim = 65536;

std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes)
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

Value embed(std::string_view text, std::size_t dim) {
  std::vector<double> v(dim, 0.0);
  auto add = [&](std::string_view feature) {
    std::uint64_t h = fnv1a(feature);
    v[h % dim] += (h >> 63) != 0 ? -1.0 : 1.0;
  };
  std::vector<std::string> words = split_words(text);
  for (std::size_t i = 0; i < words.size(); ++i) {
    add(words[i]);
    if (i + 1 < words.size()) add(words[i] + " " + words[i + 1]);
  }
  double norm = 0;
  for (double x : v)
    norm += x * x;
  norm = std::sqrt(norm);
  std::vector<Value> out;
  out.reserve(dim);
  for (double x : v)
    out.push_back(Value::number(norm > 0 ? x / norm : 0.0));
  return Value::list(std::move(out));
}

void check_dim(const StageContext& ctx, const Value& dim) {
  if (dim.is_int() && (dim.as_int() < 1 || dim.as_int() > kMaxDim)) {
    ctx.fail("argument `dim` must be between 1 and " + std::to_string(kMaxDim) + ", not " +
             std::to_string(dim.as_int()));
  }
}

Value run_hash(StageContext& ctx) {
  std::span<const Value> texts = ctx.list_arg("texts");
  std::int64_t dim = ctx.int_arg("dim");
  check_dim(ctx, ctx.arg("dim"));
  std::vector<Value> out;
  out.reserve(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ctx.throw_if_cancelled();  // up to 65,536 dimensions per text
    out.push_back(embed(str_item(ctx, "texts", texts, i), static_cast<std::size_t>(dim)));
  }
  ctx.items(static_cast<std::int64_t>(texts.size()), static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

}  // namespace

void register_embed(StageRegistry& registry) {
  registry.add(make_stage(
      "embed.hash",
      {required("texts", Type::list(Type::string()), "texts to embed"),
       optional("dim", Type::integer(), Value::integer(256), "dimensions, 1 to 65536")},
      Type::list(Type::list(Type::number())), Purity::Pure,
      "offline feature-hashing embeddings of words and word bigrams (FNV-1a), L2-normalised; "
      "no words gives the zero vector",
      run_hash, constant_checks("embed.hash", {{"dim", check_dim}})));
}

}  // namespace plumb::stdlib
