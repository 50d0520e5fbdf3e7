// Recording one run into a store: begin() writes the run's row as `running` (with its program
// the first time the store sees that program version), the span sink adds spans while it
// runs, and finish() writes how it ended: status, result or error, per-node statistics, LLM
// usage and warning logs, in one transaction, then applies the default retention. A store
// that cannot be written never fails the run: begin() returns null and finish() gives up,
// after the store's one warning.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <plumb/node_site.hpp>
#include <plumb/store.hpp>

#include "runtime/store/node_stats.hpp"
#include "runtime/store/recording_state.hpp"
#include "runtime/telemetry/wall_clock.hpp"

namespace plumb::store {

// Unix time now, in nanoseconds (a run's start and end times).
using telemetry::unix_now_ns;

struct ProgramFile {
  std::string path;
  std::string text;
};

// A node of a program as `program_nodes` stores it (StoredNode without the run's figures): its
// site (`stage` empty unless the node calls a stage) and what the store adds.
struct ProgramNode : NodeSite {
  std::uint32_t id = 0;  // the node's id in the program (the `node` column)
  std::string identity;
  std::string kind;
  std::string callee;
  std::optional<std::uint32_t> parent;
  std::vector<std::uint32_t> predecessors;
  std::string labels;  // JSON object, empty when none
  std::string code_hash;
};

struct RunStart {
  std::string pipeline;
  std::string file;
  std::string program_hash;
  std::shared_ptr<const std::vector<ProgramFile>> files;
  // Called only when the store does not have this program version yet.
  std::function<std::vector<ProgramNode>()> nodes;
  std::string args;  // JSON, secrets already redacted
  std::string backend;
  int threads = 0;
  std::string plumb_version;
};

struct RunEnd {
  RunStatus status = RunStatus::Ok;
  std::int64_t started_ns = 0;  // when the run itself started and ended (Unix time)
  std::int64_t ended_ns = 0;
  std::string trace_id;
  std::string result;  // JSON, secrets already redacted; cut here at max_result_bytes
  std::optional<ErrorInfo> error;
  std::vector<NodeStats> nodes;
  std::vector<ModelCost> usage;
};

class Recording {
 public:
  // Writes the run's first row; null when the store cannot be written (it warned).
  static std::unique_ptr<Recording> begin(const std::shared_ptr<RunStore>& store,
                                          const RunStart& start);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  const std::string& id() const { return state_->id; }
  // Waits for the run's spans to be written, then writes its end.
  void finish(RunEnd end);

  Recording(std::shared_ptr<RunStore> store, std::shared_ptr<RecordingState> state);

 private:
  // The run's node statistics (exact percentiles from its spans filled in) as the payload of
  // one `run_node_batches` row.
  struct NodePayload {
    std::uint32_t first_node = std::numeric_limits<std::uint32_t>::max();
    std::string payload;
  };
  NodePayload encode_nodes(RunEnd& end);
  void write_end(RunEnd& end, const NodePayload& nodes);

  std::shared_ptr<RunStore> store_;
  std::shared_ptr<RecordingState> state_;
  bool finished_ = false;
};

}  // namespace plumb::store
