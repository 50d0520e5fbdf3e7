// The JSON forms of stored runs and nodes for `--json` (docs/store.md, "Command line").
#pragma once

#include <nlohmann/json.hpp>

#include <plumb/store.hpp>

namespace plumb::cli {

nlohmann::ordered_json run_json(const StoredRun& run);
nlohmann::ordered_json node_json(const StoredNode& node);
// The run with its files (paths and hashes), nodes, usage and logs.
nlohmann::ordered_json run_detail_json(RunStore& store, const StoredRun& run);

}  // namespace plumb::cli
