// Cosine top-k over a loaded collection: one pass of dot products against the unit-length
// rows (compiled for AVX2 as well, picked at load time on x86-64), then a k-sized heap.
#include "stdlib/vector_store.hpp"

#include <algorithm>
#include <cmath>

namespace plumb::stdlib::vectors {

namespace {

// An AVX2 clone chosen at load time by an ifunc resolver. Not under ThreadSanitizer: its
// instrumented resolver runs before the sanitizer's runtime is up and crashes the process.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__SANITIZE_THREAD__)
#define PLUMB_VECTOR_KERNEL __attribute__((target_clones("avx2", "default")))
#else
#define PLUMB_VECTOR_KERNEL
#endif

// scores[r] = rows[r] . query, with independent partial sums the compiler vectorises.
PLUMB_VECTOR_KERNEL
void score_rows(const float* rows, std::size_t count, std::size_t dim, const float* query,
                float* scores) {
  constexpr std::size_t kLanes = 16;
  for (std::size_t r = 0; r < count; ++r) {
    const float* row = rows + r * dim;
    float acc[kLanes] = {};
    std::size_t i = 0;
    for (; i + kLanes <= dim; i += kLanes) {
      for (std::size_t j = 0; j < kLanes; ++j)
        acc[j] += row[i + j] * query[i + j];
    }
    float sum = 0;
    for (; i < dim; ++i)
      sum += row[i] * query[i];
    for (float a : acc)
      sum += a;
    scores[r] = sum;
  }
}

}  // namespace

std::vector<Hit> top_k(const Loaded& collection, std::span<const float> query, std::size_t k) {
  const std::size_t count = collection.size();
  k = std::min(k, count);
  if (k == 0) return {};
  std::vector<float> unit(query.begin(), query.end());
  double norm = 0;
  for (float x : unit)
    norm += double{x} * x;
  if (norm > 0) {
    float scale = static_cast<float>(1 / std::sqrt(norm));
    for (float& x : unit)
      x *= scale;
  }
  std::vector<float> scores(count);
  score_rows(collection.unit.data(), count, collection.dim, unit.data(), scores.data());

  // A heap of the best k so far with the worst on top.
  auto better = [&](std::uint32_t a, std::uint32_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return collection.rank[a] < collection.rank[b];
  };
  std::vector<std::uint32_t> heap;
  heap.reserve(k);
  for (std::uint32_t i = 0; i < count; ++i) {
    if (heap.size() < k) {
      heap.push_back(i);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (better(i, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = i;
      std::push_heap(heap.begin(), heap.end(), better);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), better);
  std::vector<Hit> hits;
  hits.reserve(k);
  for (std::uint32_t i : heap)
    hits.push_back(Hit{i, std::clamp(scores[i], -1.0f, 1.0f)});
  return hits;
}

}  // namespace plumb::stdlib::vectors
