// The on-disk vector collections behind vector.upsert and vector.search (docs/vector-format.md):
// one directory per collection with a JSON manifest and immutable binary segments. A writer
// holds an flock() on the collection's LOCK file, writes a new segment (temp file, fsync,
// rename) and then replaces the manifest the same way, so a crash leaves the old state or the
// new one. Loaded collections are cached per directory and reloaded when the manifest changes.
#pragma once

#include <plumb/stage.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace plumb::stdlib::vectors {

// Vectors with their ids and payloads; `values` holds `ids.size() * dim` floats, row-major.
struct Records {
  std::uint32_t dim = 0;
  std::vector<Value> ids;
  std::vector<Value> payloads;
  std::vector<float> values;
};

// A collection ready for search: every live id once (a later upsert replaced earlier ones),
// rows scaled to unit length (zero rows stay zero), and each id's rank in id order (ints
// before strings) for breaking ties between equal scores.
struct Loaded {
  std::string manifest_text;
  std::uint32_t dim = 0;
  std::vector<Value> ids;
  std::vector<Value> payloads;
  std::vector<float> unit;
  std::vector<std::uint32_t> rank;
  std::size_t size() const { return ids.size(); }
};

struct Hit {
  std::size_t index;
  float score;
};

// Bytes moved by an operation, for the node's span.
struct Traffic {
  std::int64_t read = 0;
  std::int64_t written = 0;
};

// Adds rows to collection `name` in directory `root` (`payloads` may be shorter than `ids`:
// the rest are null); an id already present is replaced. The first upsert fixes the
// dimension. Fails the stage on a dimension mismatch, a non-finite number or an I/O error.
void upsert(const StageContext& ctx, const std::filesystem::path& root, const std::string& name,
            std::span<const Value> ids, std::span<const Value> vectors,
            std::span<const Value> payloads, Traffic& traffic);

// The collection, from the cache when its manifest is unchanged; nullptr when it does not exist.
std::shared_ptr<const Loaded> load(const StageContext& ctx, const std::filesystem::path& root,
                                   const std::string& name, Traffic& traffic);

// The `k` rows most similar to `query` by cosine similarity, best first; ties go to the
// smaller id.
std::vector<Hit> top_k(const Loaded& collection, std::span<const float> query, std::size_t k);

}  // namespace plumb::stdlib::vectors
