// The manifest and segment encodings of vector collections (docs/vector-format.md).
#include "stdlib/vector_format.hpp"

#include <plumb/json.hpp>

#include <bit>
#include <cstring>
#include <unordered_map>
#include <utility>

namespace plumb::stdlib::vectors {

namespace {

constexpr std::string_view kFormat = "plumb-vectors";
constexpr std::int64_t kManifestVersion = 1;
constexpr char kMagic[8] = {'P', 'L', 'U', 'M', 'B', 'V', 'E', 'C'};
constexpr std::uint32_t kSegmentVersion = 1;
constexpr std::size_t kHeaderSize = 40;

void put_u32(char* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u64(char* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}
std::uint32_t get_u32(const char* in) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i)
    v |= std::uint32_t{static_cast<unsigned char>(in[i])} << (8 * i);
  return v;
}
std::uint64_t get_u64(const char* in) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= std::uint64_t{static_cast<unsigned char>(in[i])} << (8 * i);
  return v;
}

// Appends floats as little-endian IEEE 754 binary32.
void put_floats(std::string& out, const FloatBuffer& values) {
  std::size_t start = out.size();
  out.resize(start + values.size() * 4);
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(out.data() + start, values.data(), values.size() * 4);
  } else {
    for (std::size_t i = 0; i < values.size(); ++i) {
      put_u32(out.data() + start + 4 * i, std::bit_cast<std::uint32_t>(values[i]));
    }
  }
}

}  // namespace

std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::uint64_t word) { h = std::rotl(h ^ word, 31) * 0x9e3779b97f4a7c15ULL; };
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8)
    mix(get_u64(bytes.data() + i));
  if (i < bytes.size()) {
    char tail[8] = {};
    std::memcpy(tail, bytes.data() + i, bytes.size() - i);
    mix(get_u64(tail));
  }
  return h ^ bytes.size();
}

std::string encode_manifest(const Manifest& manifest) {
  std::vector<Value> segments;
  for (const std::string& s : manifest.segments)
    segments.push_back(Value::string(s));
  std::vector<std::pair<std::string_view, Value>> fields = {
      {"format", Value::string(kFormat)},
      {"version", Value::integer(kManifestVersion)},
      {"dim", Value::integer(manifest.dim)},
      {"next_segment", Value::integer(static_cast<std::int64_t>(manifest.next_segment))},
      {"segments", Value::list(std::move(segments))}};
  JsonOptions pretty;
  pretty.indent = 2;
  return to_json(Value::record(fields), pretty) + "\n";
}

std::optional<Manifest> decode_manifest(std::string_view text, std::string& problem) {
  Value doc;
  try {
    doc = parse_json(text);
  } catch (const JsonError& e) {
    problem = e.what();
    return std::nullopt;
  }
  auto field = [&](std::string_view key) -> const Value* {
    return doc.is_record() ? doc.find_field(key) : nullptr;
  };
  const Value* format = field("format");
  const Value* version = field("version");
  const Value* dim = field("dim");
  const Value* next = field("next_segment");
  const Value* segments = field("segments");
  if (!format || !format->is_str() || format->as_str() != kFormat) {
    problem = "not a plumb-vectors manifest";
    return std::nullopt;
  }
  if (!version || !version->is_int() || version->as_int() != kManifestVersion) {
    problem = "unsupported format version";
    return std::nullopt;
  }
  if (!dim || !dim->is_int() || dim->as_int() < 1 || dim->as_int() > 65536 || !next ||
      !next->is_int() || next->as_int() < 1 || !segments || !segments->is_list()) {
    problem = "missing or invalid `dim`, `next_segment` or `segments`";
    return std::nullopt;
  }
  Manifest manifest;
  manifest.dim = static_cast<std::uint32_t>(dim->as_int());
  manifest.next_segment = static_cast<std::uint64_t>(next->as_int());
  for (const Value& s : segments->as_list()) {
    if (!s.is_str() || !is_segment_name(s.as_str())) {
      problem = "invalid segment name in `segments`";
      return std::nullopt;
    }
    manifest.segments.emplace_back(s.as_str());
  }
  return manifest;
}

std::string segment_name(std::uint64_t number) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "seg-%06llu.bin", static_cast<unsigned long long>(number));
  return buffer;
}

bool is_segment_name(std::string_view name) {
  if (name.size() < 14 || name.substr(0, 4) != "seg-" || name.substr(name.size() - 4) != ".bin") {
    return false;
  }
  for (char c : name.substr(4, name.size() - 8)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string encode_segment(const Records& records, const JsonOptions& json) {
  std::string out(kHeaderSize, '\0');
  put_floats(out, records.values);
  std::size_t meta_start = out.size();
  for (std::size_t i = 0; i < records.ids.size(); ++i) {
    std::vector<Value> row = {records.ids[i], records.payloads[i]};
    append_json(out, Value::list(std::move(row)), json);
    out += '\n';
  }
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  put_u32(out.data() + 8, kSegmentVersion);
  put_u32(out.data() + 12, records.dim);
  put_u64(out.data() + 16, records.ids.size());
  put_u64(out.data() + 24, out.size() - meta_start);
  put_u64(out.data() + 32, checksum(std::string_view(out).substr(kHeaderSize)));
  return out;
}

namespace {

// A key that tells ids apart by type and value (1 and "1" differ).
std::string id_key(const Value& id) {
  if (id.is_int()) {
    std::string key(9, 'i');
    put_u64(key.data() + 1, static_cast<std::uint64_t>(id.as_int()));
    return key;
  }
  std::string key = "s";
  key += id.as_str();
  return key;
}

}  // namespace

SegmentMerger::SegmentMerger(std::uint32_t dim, std::size_t capacity) {
  all_.dim = dim;
  all_.ids.reserve(capacity);
  all_.payloads.reserve(capacity);
  all_.values.reserve(capacity * dim);
  index_.reserve(capacity);
}

bool SegmentMerger::add(std::string_view bytes, std::string& problem) {
  const std::uint32_t dim = all_.dim;
  if (bytes.size() < kHeaderSize || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    problem = "not a plumb-vectors segment";
    return false;
  }
  if (get_u32(bytes.data() + 8) != kSegmentVersion) {
    problem = "unsupported segment version";
    return false;
  }
  if (get_u32(bytes.data() + 12) != dim) {
    problem = "dimension " + std::to_string(get_u32(bytes.data() + 12)) +
              " differs from the manifest's " + std::to_string(dim);
    return false;
  }
  std::uint64_t count = get_u64(bytes.data() + 16);
  std::uint64_t meta_bytes = get_u64(bytes.data() + 24);
  std::uint64_t body = bytes.size() - kHeaderSize;
  if (count > body / 4 / dim || count * dim * 4 + meta_bytes != body) {
    problem = "size does not match its header (truncated?)";
    return false;
  }
  if (checksum(bytes.substr(kHeaderSize)) != get_u64(bytes.data() + 32)) {
    problem = "checksum mismatch";
    return false;
  }
  const char* floats = bytes.data() + kHeaderSize;
  std::string_view meta = bytes.substr(kHeaderSize + count * dim * 4);
  for (std::uint64_t i = 0; i < count; ++i) {
    std::size_t end = meta.find('\n');
    Value row;
    try {
      row = parse_json(meta.substr(0, end));
    } catch (const JsonError& e) {
      problem = "row " + std::to_string(i) + ": " + e.what();
      return false;
    }
    if (!row.is_list() || row.as_list().size() != 2 || end == std::string_view::npos ||
        !(row.as_list()[0].is_int() || row.as_list()[0].is_str())) {
      problem = "row " + std::to_string(i) + ": expected `[id, payload]`";
      return false;
    }
    meta.remove_prefix(end + 1);
    const Value& id = row.as_list()[0];
    auto [it, added] = index_.emplace(id_key(id), all_.ids.size());
    const char* source = floats + i * dim * 4;
    if (added) {
      all_.ids.push_back(id);
      all_.payloads.push_back(row.as_list()[1]);
      all_.values.resize(all_.values.size() + dim);
    } else {
      all_.payloads[it->second] = row.as_list()[1];
    }
    float* target = all_.values.data() + it->second * dim;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(target, source, dim * 4);
    } else {
      for (std::size_t j = 0; j < dim; ++j) {
        target[j] = std::bit_cast<float>(get_u32(source + 4 * j));
      }
    }
  }
  return true;
}

}  // namespace plumb::stdlib::vectors
