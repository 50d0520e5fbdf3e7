// Encoding and decoding of the files of a vector collection (docs/vector-format.md): the
// JSON manifest and the binary segments (a 40-byte header, float32 little-endian rows, then
// one JSON line `[id, payload]` per row).
#pragma once

#include "stdlib/vector_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace plumb::stdlib::vectors {

inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kLockName = "LOCK";

struct Manifest {
  std::uint32_t dim = 0;
  std::uint64_t next_segment = 1;
  std::vector<std::string> segments;  // oldest first; later segments win
};

std::string encode_manifest(const Manifest& manifest);
// The manifest, or the problem that makes it unreadable.
std::optional<Manifest> decode_manifest(std::string_view text, std::string& problem);

// `seg-000042.bin`.
std::string segment_name(std::uint64_t number);
bool is_segment_name(std::string_view name);

std::string encode_segment(const Records& records);
// Decodes a segment; returns false after filling `problem` when the bytes are not a valid
// segment of dimension `dim`.
bool decode_segment(std::string_view bytes, std::uint32_t dim, Records& out, std::string& problem);

// The checksum of segment bodies: rotate-multiply over 8-byte little-endian words.
std::uint64_t checksum(std::string_view bytes);

// Merges `from` into `into`: a new id is appended, a known id takes the new vector and payload.
class Merger {
 public:
  explicit Merger(Records& into) : into_(into) {}
  void add(Records&& from);

 private:
  Records& into_;
  std::unordered_map<std::string, std::size_t> index_;  // id as JSON -> row
};

}  // namespace plumb::stdlib::vectors
