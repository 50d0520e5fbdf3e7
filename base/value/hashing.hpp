// The byte hashing behind record shape indexes and stable_hash: a MurmurHash64A-style hash with
// an explicit little-endian read, so a value's stable hash is the same on every machine (it is
// part of cache keys and of the run store's code hashes). Private to base/value.
#pragma once

#include <cstdint>
#include <string_view>

namespace plumb::hashing {

inline std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// MurmurHash64A-style hashing of bytes with an explicit little-endian read, so the result
// does not depend on the machine.
inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t m = 0xc6a4a7935bd1e995ULL;
  std::uint64_t h = seed ^ (bytes.size() * m);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  while (n >= 8) {
    std::uint64_t k = 0;
    for (int i = 7; i >= 0; --i)
      k = (k << 8) | p[i];
    k *= m;
    k ^= k >> 47;
    k *= m;
    h ^= k;
    h *= m;
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  for (std::size_t i = n; i > 0; --i)
    tail = (tail << 8) | p[i - 1];
  if (n > 0) {
    h ^= tail;
    h *= m;
  }
  return mix(h);
}

inline std::uint64_t hash_key(std::string_view key) {
  return hash_bytes(key, 0x9e3779b97f4a7c15ULL);
}

}  // namespace plumb::hashing
