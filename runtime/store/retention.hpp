// Deleting runs: the default retention applied when a run ends (the newest `keep_runs` are
// kept; at most a few older runs go per run, so the cost stays small and bounded), and
// `plumb gc` (by count, age and size). A deleted run takes its spans, node statistics, usage
// and logs with it, and a program version no run refers to any more goes too. Runs still
// running are never deleted.
#pragma once

#include <cstdint>
#include <vector>

#include <plumb/store.hpp>

#include "runtime/store/database.hpp"

namespace plumb::store {

// Deletes runs beyond the newest `keep` (at most two per call). Called with the store unlocked.
void apply_retention(RunStore::Impl& store, std::size_t keep);

GcResult collect_garbage(RunStore::Impl& store, const GcOptions& options);

}  // namespace plumb::store
