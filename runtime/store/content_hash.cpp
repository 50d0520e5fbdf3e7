// XXH3-128 through xxhash.h's inline implementation (no shared library to load at start-up).
#include "runtime/store/content_hash.hpp"

#include <cstdint>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace plumb::store {

namespace {

std::string hex_of(XXH128_hash_t hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[static_cast<std::size_t>(i)] = kDigits[(hash.high64 >> (60 - 4 * i)) & 15];
    out[static_cast<std::size_t>(16 + i)] = kDigits[(hash.low64 >> (60 - 4 * i)) & 15];
  }
  return out;
}

}  // namespace

std::string content_hash(std::string_view bytes) {
  return hex_of(XXH3_128bits(bytes.data(), bytes.size()));
}

ContentHasher::ContentHasher() : state_(XXH3_createState()) {
  XXH3_128bits_reset(static_cast<XXH3_state_t*>(state_));
}

ContentHasher::~ContentHasher() {
  XXH3_freeState(static_cast<XXH3_state_t*>(state_));
}

void ContentHasher::add(std::string_view part) {
  auto* state = static_cast<XXH3_state_t*>(state_);
  const std::uint64_t size = part.size();
  XXH3_128bits_update(state, &size, sizeof size);
  XXH3_128bits_update(state, part.data(), part.size());
}

std::string ContentHasher::hex() const {
  return hex_of(XXH3_128bits_digest(static_cast<const XXH3_state_t*>(state_)));
}

}  // namespace plumb::store
