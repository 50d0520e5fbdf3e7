// What the files that read the store back share: a run's key and program, reads that turn
// database errors into StoreErrors naming the store, and the nullable-text column.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "runtime/store/store_impl.hpp"

namespace plumb::store {

struct RunKey {
  std::int64_t key = 0;
  std::string program_hash;
};

// The run's row key and program; throws StoreError when the store has no such run.
RunKey find_key(RunStore::Impl& store, const std::string& run_id);

// Runs a read under the store's lock, turning database errors into StoreErrors that name the
// store.
template <typename Read>
auto reading(RunStore::Impl& store, Read read) {
  try {
    std::lock_guard lock(store.mutex);
    return read();
  } catch (const DatabaseError& error) {
    throw StoreError("run store " + store.name + ": " + error.what());
  }
}

// The column's text, empty when it is NULL.
inline std::string optional_column(const Statement& row, int column) {
  return row.is_null(column) ? std::string() : row.text(column);
}

}  // namespace plumb::store
