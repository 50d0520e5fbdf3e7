// Encoding and decoding of the files of a vector collection (docs/vector-format.md): the
// JSON manifest and the binary segments (a 40-byte header, float32 little-endian rows, then
// one JSON line `[id, payload]` per row).
#pragma once

#include "stdlib/vector_store.hpp"

#include <plumb/json.hpp>

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

// The segment file of `records`; payloads are written as JSON with `json` (a stage passes
// options that stop when it is cancelled).
std::string encode_segment(const Records& records, const JsonOptions& json);

// The checksum of segment bodies: rotate-multiply over 8-byte little-endian words.
std::uint64_t checksum(std::string_view bytes);

// Decodes segments, oldest first, into one set of rows: a new id is appended, a known id takes
// the later vector and payload (keeping its position).
class SegmentMerger {
 public:
  // `capacity`: an upper bound of the rows to come (reserved up front).
  SegmentMerger(std::uint32_t dim, std::size_t capacity);
  // Adds a segment; returns false after filling `problem` when the bytes are not a valid
  // segment of this dimension.
  bool add(std::string_view bytes, std::string& problem);
  Records take() { return std::move(all_); }

 private:
  Records all_;
  std::unordered_map<std::string, std::size_t> index_;  // id key -> row
};

}  // namespace plumb::stdlib::vectors
