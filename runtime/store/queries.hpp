// Reading the store back (RunStore's list, lookup and per-run queries are in queries.cpp),
// and the liveness check that turns the `running` rows of dead processes into `interrupted`.
#pragma once

#include <plumb/store.hpp>

namespace plumb::store {

// Marks the store's `running` runs whose process is gone as `interrupted` (best effort: a
// store that cannot be written is still read, with the status worked out in memory).
void refresh_interrupted(RunStore::Impl& store);

// The status a run shows: `interrupted` for a `running` row whose process is gone (same host)
// or whose heartbeat is older than two minutes (elsewhere).
RunStatus effective_status(RunStatus recorded, const std::string& process,
                           std::int64_t heartbeat_ns, std::int64_t now_ns);

}  // namespace plumb::store
