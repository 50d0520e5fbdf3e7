// Comparing two recorded runs (`plumb compare`, and the comparison page of the report):
// what changed in the program (nodes added, removed or changed, by identity and code hash),
// in the arguments and in the result (paths of the values that differ), and per node how
// duration, cost and status moved, regressions first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <plumb/store.hpp>

namespace plumb::store {

enum class NodeChangeKind { Added, Removed, Changed };

struct NodeChange {
  NodeChangeKind kind = NodeChangeKind::Changed;
  std::string identity;
  std::string file;  // where the node is (B's place, or A's for a removed node)
  std::uint32_t line = 0;
};

// One difference between two JSON values: `path` is `$`, `$.key`, `$[3]` or `$["odd key"]`;
// `before`/`after` are JSON, empty when the value is absent on that side.
struct ValueDifference {
  std::string path;
  std::string before;
  std::string after;
};

// A node's status in a run: not run, ok (or cached), retried, failed.
enum class NodeOutcome { NotRun, Ok, Cached, Retried, Failed };
std::string_view outcome_name(NodeOutcome outcome);
NodeOutcome node_outcome(const StoredNode& node);

struct NodeDelta {
  std::string identity;
  NodeOutcome before = NodeOutcome::NotRun;
  NodeOutcome after = NodeOutcome::NotRun;
  std::int64_t before_ns = 0;
  std::int64_t after_ns = 0;
  double before_cost = 0;
  double after_cost = 0;
  bool regression = false;  // status worse, or at least 10% and 1 ms slower, or costlier
};

struct RunComparison {
  StoredRun a;
  StoredRun b;
  bool same_program = false;
  std::vector<NodeChange> program;
  std::vector<ValueDifference> args;
  std::vector<ValueDifference> result;
  bool result_compared = false;  // false when a result is missing or was cut
  std::vector<NodeDelta> nodes;  // regressions first, then by the time gained or lost
};

// Throws StoreError (unknown or ambiguous references, an unreadable store).
RunComparison compare_runs(RunStore& store, std::string_view run_a, std::string_view run_b);

// The differences between two JSON texts, at most `limit` (the last one then says how many
// more there were, at path `...`).
std::vector<ValueDifference> json_differences(const std::string& before, const std::string& after,
                                              std::size_t limit = 100);

}  // namespace plumb::store
