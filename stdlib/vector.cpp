// vector.upsert and vector.search: persistent local vector collections with cosine top-k
// search (storage in vector_store.cpp, format in docs/vector-format.md).
#include "stdlib/arguments.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/vector_store.hpp"

#include <cmath>
#include <string>

namespace plumb::stdlib {

namespace {

constexpr std::string_view kDefaultRoot = ".plumb/vectors";

// Collection names become directory names: letters, digits, '_', '-' and '.', not starting
// with '.', at most 128 bytes.
void check_collection(const StageContext& ctx, const Value& collection) {
  if (!collection.is_str()) return;
  std::string_view name = collection.as_str();
  bool ok = !name.empty() && name.size() <= 128 && name[0] != '.';
  for (char c : name) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '.';
    ok = ok && allowed;
  }
  if (!ok) {
    ctx.fail("argument `collection`: " + quote(name) +
             " is not a valid collection name (letters, digits, '_', '-' and '.', not starting "
             "with '.')");
  }
}

void check_path(const StageContext& ctx, const Value& path) {
  if (path.is_str() && path.as_str().empty()) ctx.fail("argument `path` must not be empty");
}

void check_k(const StageContext& ctx, const Value& k) {
  if (k.is_int() && k.as_int() < 1) {
    ctx.fail("argument `k` must be at least 1, not " + std::to_string(k.as_int()));
  }
}

std::string collection_arg(const StageContext& ctx) {
  std::string name(ctx.str_arg("collection"));
  check_collection(ctx, ctx.arg("collection"));
  return name;
}

std::string root_arg(const StageContext& ctx) {
  std::string root(ctx.str_arg("path"));
  check_path(ctx, ctx.arg("path"));
  return root;
}

Value run_upsert(StageContext& ctx) {
  std::string name = collection_arg(ctx);
  std::span<const Value> ids = ctx.list_arg("ids");
  std::span<const Value> vectors = ctx.list_arg("vectors");
  std::span<const Value> payloads = ctx.list_arg("payloads");
  std::string root = root_arg(ctx);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!ids[i].is_str() && !ids[i].is_int()) {
      ctx.fail("argument `ids`: item " + std::to_string(i) + " must be a str or int, not " +
               std::string(type_name(ids[i])));
    }
  }
  if (vectors.size() != ids.size()) {
    ctx.fail("argument `vectors` has " + std::to_string(vectors.size()) + " items, `ids` has " +
             std::to_string(ids.size()));
  }
  if (!payloads.empty() && payloads.size() != ids.size()) {
    ctx.fail("argument `payloads` has " + std::to_string(payloads.size()) + " items, `ids` has " +
             std::to_string(ids.size()) + " (give one per id, or none)");
  }
  vectors::Traffic traffic;
  if (!ids.empty()) vectors::upsert(ctx, root, name, ids, vectors, payloads, traffic);
  auto count = static_cast<std::int64_t>(ids.size());
  ctx.items(count, count);
  ctx.bytes(traffic.read, traffic.written);
  return Value::integer(count);
}

Value run_search(StageContext& ctx) {
  std::string name = collection_arg(ctx);
  std::span<const Value> query = ctx.list_arg("query");
  std::int64_t k = ctx.int_arg("k");
  std::string root = root_arg(ctx);
  check_k(ctx, ctx.arg("k"));
  std::vector<float> q;
  q.reserve(query.size());
  for (std::size_t i = 0; i < query.size(); ++i) {
    double x = query[i].is_number() ? query[i].as_number() : NAN;
    if (!std::isfinite(x)) {
      ctx.fail("argument `query`: item " + std::to_string(i) + " must be a finite number, not " +
               (query[i].is_number() ? std::to_string(x) : std::string(type_name(query[i]))));
    }
    q.push_back(static_cast<float>(x));
  }
  vectors::Traffic traffic;
  auto collection = vectors::load(ctx, root, name, traffic);
  if (!collection) ctx.fail("collection " + quote(name) + " does not exist in " + quote(root));
  if (q.size() != collection->dim) {
    ctx.fail("argument `query` has " + std::to_string(q.size()) + " dimensions, collection " +
             quote(name) + " has " + std::to_string(collection->dim));
  }
  std::vector<vectors::Hit> hits = vectors::top_k(*collection, q, static_cast<std::size_t>(k));
  static const std::string_view kKeys[] = {"id", "score", "payload"};
  static const Shape shape{std::span<const std::string_view>(kKeys)};
  std::vector<Value> out;
  out.reserve(hits.size());
  for (const vectors::Hit& hit : hits) {
    out.push_back(Value::record(
        shape, std::vector<Value>{collection->ids[hit.index], Value::number(hit.score),
                                  collection->payloads[hit.index]}));
  }
  ctx.items(static_cast<std::int64_t>(collection->size()), static_cast<std::int64_t>(out.size()));
  ctx.bytes(traffic.read, traffic.written);
  return Value::list(std::move(out));
}

}  // namespace

void register_vector(StageRegistry& registry) {
  registry.add(make_stage(
      "vector.upsert",
      {required("collection", Type::string(), "collection name"),
       required("ids", Type::list(Type::any()), "one str or int id per vector"),
       required("vectors", Type::list(Type::list(Type::number())), "the vectors"),
       optional("payloads", Type::list(Type::any()), Value::list(std::vector<Value>{}),
                "one payload per id, or none"),
       optional("path", Type::string(), Value::string(kDefaultRoot), "directory of collections")},
      Type::integer(), Purity::Effect,
      "add or replace vectors in a persistent collection; returns how many were written",
      run_upsert,
      constant_checks("vector.upsert", {{"collection", check_collection}, {"path", check_path}})));
  registry.add(make_stage(
      "vector.search",
      {required("collection", Type::string(), "collection name"),
       required("query", Type::list(Type::number()), "the query vector"),
       optional("k", Type::integer(), Value::integer(5), "how many results"),
       optional("path", Type::string(), Value::string(kDefaultRoot), "directory of collections")},
      Type::list(Type::record()), Purity::Volatile,
      "the k nearest vectors by cosine similarity: [{id, score, payload}], best first, ties by id",
      run_search,
      constant_checks("vector.search",
                      {{"collection", check_collection}, {"k", check_k}, {"path", check_path}})));
}

}  // namespace plumb::stdlib
