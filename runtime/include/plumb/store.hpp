// The run store (docs/store.md): every recorded run with its program text, arguments, result
// or error, per-node statistics, LLM usage, spans and warning logs, in SQLite (one file; the
// CLI's default is `.plumb/runs.db`) or PostgreSQL (one history shared by several machines).
// An Engine records every run into the store given in EngineOptions::store; RunStore reads
// the history back.
//
//   auto store = plumb::RunStore::open(".plumb/runs.db");
//   for (const plumb::StoredRun& run : store->runs({.limit = 10}))
//     std::cout << run.id << ' ' << plumb::status_name(run.status) << '\n';
//   plumb::StoredRun last = store->run("last");
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <plumb/result.hpp>

namespace plumb {

// The store cannot be opened, read or written; or a run reference matches no run or several.
// The message names the store (without credentials) and the reason.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `running` until the run ends; `interrupted` when its process ended without saying how the
// run ended (killed, crashed, power lost): decided when the store is read, from the recorded
// host and pid (same host) or from the heartbeat (another host).
enum class RunStatus { Running, Ok, Failed, Cancelled, Interrupted };
std::string_view status_name(RunStatus status);
std::optional<RunStatus> parse_status(std::string_view name);

struct StoreOptions {
  // Runs kept when a run ends (older ones are deleted, a few at a time); 0 keeps every run.
  std::size_t keep_runs = 1000;
  // Spans recorded per run before the rest is sampled (1 in 100, errors always kept).
  std::size_t max_spans_per_run = 200000;
  // The result's JSON is cut beyond this and marked truncated.
  std::size_t max_result_bytes = 1 << 20;
  // Warning and error log records kept per run.
  std::size_t max_logs_per_run = 1000;
  // How long a write waits for another process's write lock (SQLite).
  int busy_timeout_ms = 10000;
  // False: fail instead of creating a missing SQLite file (the reading commands).
  bool create = true;
};

struct StoredRun {
  std::string id;  // ULID: 26 characters, sortable by start time
  std::string trace_id;
  RunStatus status = RunStatus::Running;
  std::string pipeline;
  std::string file;          // the entry file, as given
  std::string program_hash;  // over the text of every file of the program
  std::string args;          // JSON record of every parameter, secrets redacted
  std::string backend;
  int threads = 0;
  std::string host;
  std::int64_t pid = 0;
  std::string cwd;
  std::string plumb_version;
  std::int64_t started_ns = 0;  // Unix time
  std::int64_t ended_ns = 0;    // 0 while running or when interrupted
  std::string result;           // JSON; empty unless the run succeeded
  std::int64_t result_bytes = 0;
  bool result_truncated = false;
  std::optional<ErrorInfo> error;
  std::int64_t nodes_run = 0;
  std::int64_t nodes_failed = 0;
  std::int64_t spans = 0;
  std::int64_t spans_left_out = 0;
  std::int64_t logs_left_out = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
  // Seconds from start to end (or to the last heartbeat of a run without an end).
  double seconds = 0;
};

// A node of the run's program and what it did in the run.
struct StoredNode {
  std::uint32_t node = 0;  // the node's id in the program (spans refer to it)
  std::string identity;    // `pipeline/map/name`: the same node across edits of other nodes
  std::string pipeline;
  std::string name;
  std::string kind;  // stage, expr, call, map, filter, if, for, while
  std::string stage;
  std::string callee;
  std::optional<std::uint32_t> parent;  // the structured node whose region holds it
  std::vector<std::uint32_t> predecessors;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  std::string labels;     // JSON object of @label values, empty when none
  std::string code_hash;  // what the node computes; differs when the node was edited
  bool ran = false;
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;
  std::uint64_t retries = 0;
  std::uint64_t cache_hits = 0;
  std::uint64_t items = 0;
  std::int64_t total_ns = 0;
  std::int64_t p50_ns = 0;
  std::int64_t p95_ns = 0;
  std::int64_t max_ns = 0;
  // LLM usage of the node's calls (from their spans: 0 when spans were off).
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost_usd = 0;
  std::string error;  // the last error, if it failed
};

struct StoredSpan {
  std::uint64_t span_id = 0;
  std::uint64_t parent_id = 0;
  std::string kind;  // run, node, item, iteration, child
  std::string name;  // child spans; the others are named by their node
  std::optional<std::uint32_t> node;
  std::int64_t item = -1;  // item index or iteration number
  std::int64_t start_ns = 0;
  std::int64_t duration_ns = 0;
  std::uint32_t thread = 0;
  bool error = false;
  std::string error_type;
  std::string error_message;
  std::string attributes;  // JSON object of what the node does not give, empty when none
};

struct StoredLog {
  std::int64_t time_ns = 0;
  std::string level;
  std::string logger;
  std::string message;
  std::string fields;  // JSON object, secrets redacted
  std::uint64_t span_id = 0;
  std::string pipeline;
  std::string node;
};

struct StoredFile {
  std::string path;
  std::string hash;
  std::string text;
};

struct RunFilter {
  std::size_t limit = 20;  // 0: no limit
  std::optional<RunStatus> status;
  std::string pipeline;
  std::int64_t since_ns = 0;  // runs started at or after this Unix time
};

struct GcOptions {
  std::optional<std::size_t> keep;            // keep the newest N runs
  std::optional<std::int64_t> older_than_ns;  // delete runs started longer ago than this
  std::optional<std::int64_t> max_bytes;      // delete the oldest runs until the store fits
};

struct GcResult {
  std::size_t deleted = 0;
  std::size_t kept = 0;
  std::int64_t bytes_before = 0;
  std::int64_t bytes_after = 0;
};

// What `plumb show` prints of a run's nodes, read without loading every node of a big run.
struct NodeOverview {
  std::size_t nodes = 0;  // in the run's program
  std::size_t ran = 0;
  std::size_t failed = 0;           // ran, and failed more often than they were retried
  std::vector<StoredNode> shown;    // program order; see RunStore::node_overview
  std::vector<StoredNode> slowest;  // the longest total time first
};

// A value kept under a key (cached results: issue 21 builds on it).
struct StoredBlob {
  std::string codec;  // how `data` is encoded (`json`, ...)
  std::string data;
  std::int64_t created_ns = 0;
};

class RunStore {
 public:
  // `location`: a file path (`.plumb/runs.db`; its folder is created), `sqlite:PATH`, or a
  // PostgreSQL URL (`postgresql://user@host/db`). Applies the schema's migrations. Throws
  // StoreError naming the store and the reason.
  static std::shared_ptr<RunStore> open(const std::string& location,
                                        const StoreOptions& options = {});
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  // The location for messages, a PostgreSQL password replaced by `***`.
  const std::string& name() const;
  const StoreOptions& options() const;

  // Newest first.
  std::vector<StoredRun> runs(const RunFilter& filter = {});
  // `reference`: a run id, a unique prefix of one, `last`, or `last-failed` (the newest run
  // that failed, was cancelled or was interrupted). Throws StoreError when no run or more
  // than one matches.
  StoredRun run(std::string_view reference);
  // Every node of the run's program, in program order, with its statistics in the run.
  std::vector<StoredNode> nodes(const std::string& run_id);
  // Every node when the program has at most `shown`; otherwise the failed nodes, then the
  // slowest, then (when fewer ran) the first that did not run, `shown` in all. Plus the
  // `slowest` nodes that ran longest.
  NodeOverview node_overview(const std::string& run_id, std::size_t shown, std::size_t slowest);
  std::vector<StoredSpan> spans(const std::string& run_id);
  std::vector<StoredLog> logs(const std::string& run_id);
  std::vector<StoredFile> files(const std::string& run_id);
  std::vector<ModelCost> usage(const std::string& run_id);

  // Deletes runs (with their spans, nodes and logs) and the programs no run refers to any
  // more, then gives the space back.
  GcResult gc(const GcOptions& options);

  // Values by key. `ttl_seconds` > 0: the value expires after that long.
  void put_blob(const std::string& key, const StoredBlob& blob, double ttl_seconds = 0);
  std::optional<StoredBlob> get_blob(const std::string& key);

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit RunStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace plumb
