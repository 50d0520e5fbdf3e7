// The on-disk vector collections behind vector.upsert and vector.search (docs/vector-format.md):
// one directory per collection with a JSON manifest and immutable binary segments. A writer
// holds an flock() on the collection's LOCK file, writes a new segment (temp file, fsync,
// rename) and then replaces the manifest the same way, so a crash leaves the old state or the
// new one. Loaded collections are cached per directory and reloaded when the manifest changes.
#pragma once

#include <plumb/stage.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <vector>

namespace plumb::stdlib::vectors {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// Asks the kernel to back [p, p + bytes) with transparent huge pages (Linux; a no-op elsewhere).
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

// Allocates arrays of 2 MiB or more on 2 MiB boundaries with transparent huge pages: filling a
// 100 MB collection then takes far fewer page faults than with 4 KiB pages.
template <typename T>
struct LargeAllocator {
  using value_type = T;
  LargeAllocator() = default;
  template <typename U>
  LargeAllocator(const LargeAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return std::allocator<T>{}.allocate(n);
    std::size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    advise_huge_pages(p, rounded);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) < kHugePage) {
      std::allocator<T>{}.deallocate(p, n);
    } else {
      std::free(p);
    }
  }
  friend bool operator==(const LargeAllocator&, const LargeAllocator&) { return true; }
};

using FloatBuffer = std::vector<float, LargeAllocator<float>>;

// Vectors with their ids and payloads; `values` holds `ids.size() * dim` floats, row-major.
struct Records {
  std::uint32_t dim = 0;
  std::vector<Value> ids;
  std::vector<Value> payloads;
  FloatBuffer values;
};

// A collection ready for search: every live id once (a later upsert replaced earlier ones),
// rows scaled to unit length (zero rows stay zero), and each id's rank in id order (ints
// before strings) for breaking ties between equal scores.
struct Loaded {
  std::string manifest_text;
  std::uint32_t dim = 0;
  std::vector<Value> ids;
  std::vector<Value> payloads;
  FloatBuffer unit;
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
