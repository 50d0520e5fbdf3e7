// Content hashes of the run store: XXH3-128 (xxHash from Debian's libxxhash-dev, compiled
// inline) as 32 lowercase hex digits. Identifies file texts, program versions and a node's
// code; not a cryptographic hash (the store trusts its writers).
#pragma once

#include <string>
#include <string_view>

namespace plumb::store {

std::string content_hash(std::string_view bytes);

// Hashes a sequence of parts; each part is length-prefixed, so ("ab", "c") != ("a", "bc").
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;
  void add(std::string_view part);
  std::string hex() const;

 private:
  void* state_;
};

}  // namespace plumb::store
