// plumb::stable_hash (<plumb/value.hpp>) is the canonical hash of a value: the same 64 bits on
// every machine, in every run and version of plumb (the run store and caches keep it), and
// consistent with the language's equality (`1` and `1.0` hash alike). docs/runtime.md,
// "Hashing values", gives the definition. ValueHash is it as the hasher of unordered containers
// keyed by values, with == as their equality.
#pragma once

#include <cstddef>

#include <plumb/value.hpp>

namespace plumb {

struct ValueHash {
  std::size_t operator()(const Value& value) const noexcept {
    return static_cast<std::size_t>(stable_hash(value));
  }
};

}  // namespace plumb
