// Recording: the run's first row (and its program version's files and nodes, once per
// version), and its end in one transaction.
#include "runtime/store/recorder.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

#include "runtime/store/content_hash.hpp"
#include "runtime/store/process_identity.hpp"
#include "runtime/store/retention.hpp"
#include "runtime/store/row_payload.hpp"
#include "runtime/store/run_id.hpp"
#include "runtime/store/span_writer.hpp"
#include "runtime/store/store_impl.hpp"
#include "runtime/telemetry/json_text.hpp"

namespace plumb::store {

namespace {

std::string current_directory() {
  std::error_code error;
  std::filesystem::path path = std::filesystem::current_path(error);
  return error ? std::string() : path.string();
}

std::string join_ids(const std::vector<std::uint32_t>& ids) {
  std::string out;
  for (std::uint32_t id : ids)
    out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

Param optional_node(const std::optional<std::uint32_t>& id) {
  return id ? Param(std::int64_t{*id}) : Param(nullptr);
}

bool program_known(Database& db, const std::string& hash) {
  Statement& known = db.prepare("SELECT count(*) FROM programs WHERE program_hash = $1");
  known.bind(std::vector<Param>{text_param(hash)});
  const bool found = known.step() && known.integer(0) > 0;
  while (known.step()) {
  }
  return found;
}

void insert_program(Database& db, const RunStart& start, const std::vector<ProgramNode>& nodes) {
  Statement& program = db.prepare(
      "INSERT INTO programs(program_hash, node_count, created_ns) VALUES($1, $2, $3) "
      "ON CONFLICT DO NOTHING RETURNING program_hash");
  program.bind(std::vector<Param>{text_param(start.program_hash),
                                  static_cast<std::int64_t>(nodes.size()), unix_now_ns()});
  const bool inserted = program.step();
  while (program.step()) {
  }
  if (!inserted) return;  // another process recorded this version meanwhile
  Statement& source =
      db.prepare("INSERT INTO sources(hash, text) VALUES($1, $2) ON CONFLICT DO NOTHING");
  Statement& file = db.prepare(
      "INSERT INTO program_files(program_hash, position, path, source_hash) "
      "VALUES($1, $2, $3, $4)");
  std::int64_t position = 0;
  for (const ProgramFile& f : *start.files) {
    const std::string hash = content_hash(f.text);
    source.run(std::vector<Param>{text_param(hash), text_param(f.text)});
    file.run(std::vector<Param>{text_param(start.program_hash), position++, text_param(f.path),
                                text_param(hash)});
  }
  static constexpr std::array<std::string_view, 15> kColumns = {
      "program_hash", "node",  "identity", "pipeline", "name",
      "kind",         "stage", "callee",   "parent",   "predecessors",
      "file",         "line",  "col",      "labels",   "code_hash"};
  std::vector<std::string> predecessors;
  predecessors.reserve(nodes.size());
  for (const ProgramNode& n : nodes)
    predecessors.push_back(join_ids(n.predecessors));
  std::vector<Param> cells;
  cells.reserve(nodes.size() * kColumns.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const ProgramNode& n = nodes[i];
    cells.insert(cells.end(),
                 {text_param(start.program_hash), std::int64_t{n.id}, text_param(n.identity),
                  text_param(n.pipeline), text_param(n.node), text_param(n.kind),
                  optional_text(n.stage), optional_text(n.callee), optional_node(n.parent),
                  text_param(predecessors[i]), text_param(n.file), std::int64_t{n.line},
                  std::int64_t{n.col}, optional_text(n.labels), text_param(n.code_hash)});
  }
  db.append_rows("program_nodes", kColumns, cells);
}

std::int64_t insert_run(Database& db, const RunStart& start, const std::string& id,
                        std::int64_t now) {
  const ProcessIdentity& self = this_process();
  const std::string cwd = current_directory();
  Statement& insert = db.prepare(
      "INSERT INTO runs(id, trace_id, status, pipeline, file, program_hash, args, backend, "
      "threads, host, pid, process, cwd, plumb_version, started_ns, heartbeat_ns) "
      "VALUES($1, '', 'running', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) "
      "RETURNING run");
  insert.bind(std::vector<Param>{text_param(id), text_param(start.pipeline), text_param(start.file),
                                 text_param(start.program_hash), text_param(start.args),
                                 text_param(start.backend), std::int64_t{start.threads},
                                 text_param(self.host), self.pid, text_param(self.key),
                                 text_param(cwd), text_param(start.plumb_version), now});
  if (!insert.step()) throw DatabaseError("the new run's key was not returned");
  const std::int64_t key = insert.integer(0);
  while (insert.step()) {
  }
  return key;
}

// Nearest-rank percentile of sorted durations.
std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p) {
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The JSON text cut at `limit` bytes (at a character boundary); true when it was cut.
bool cut_result(std::string& json, std::size_t limit) {
  if (json.size() <= limit) return false;
  json = telemetry::truncate_utf8(json, limit);
  return true;
}

}  // namespace

std::unique_ptr<Recording> Recording::begin(const std::shared_ptr<RunStore>& store,
                                            const RunStart& start) {
  RunStore::Impl& impl = store->impl();
  auto state = std::make_shared<RecordingState>();
  const std::int64_t now = unix_now_ns();
  state->id = new_run_id(now);
  state->started_ns = now;
  try {
    std::vector<ProgramNode> nodes;
    bool known = false;
    {
      std::lock_guard lock(impl.mutex);
      known = program_known(*impl.db, start.program_hash);
    }
    if (!known) nodes = start.nodes();  // outside the lock: large programs take a while
    std::lock_guard lock(impl.mutex);
    WriteTransaction transaction(*impl.db);
    if (!known) insert_program(*impl.db, start, nodes);
    state->key = insert_run(*impl.db, start, state->id, now);
    transaction.commit();
  } catch (const DatabaseError& error) {
    impl.warn(error.what());
    return nullptr;
  }
  impl.add_recording(state);
  impl.writer();  // started before the first span arrives
  return std::make_unique<Recording>(store, std::move(state));
}

Recording::Recording(std::shared_ptr<RunStore> store, std::shared_ptr<RecordingState> state)
    : store_(std::move(store)), state_(std::move(state)) {
}

Recording::~Recording() {
  if (finished_) return;
  // Left without an end (an exception in the caller): say so rather than stay `running`.
  RunEnd end;
  end.status = RunStatus::Interrupted;
  finish(std::move(end));
}

void Recording::finish(RunEnd end) {
  finished_ = true;
  RunStore::Impl& impl = store_->impl();
  impl.remove_recording(state_->id);
  // The span sink is done with the run: its node statistics are complete. Encoded while the
  // span writer writes the run's last batches.
  const NodePayload nodes = encode_nodes(end);
  impl.writer().wait_idle();
  if (state_->failed.load()) return;
  try {
    write_end(end, nodes);
  } catch (const DatabaseError& error) {
    impl.warn(error.what());
    return;
  }
  if (impl.options.keep_runs > 0) {
    try {
      apply_retention(impl, impl.options.keep_runs);
    } catch (const DatabaseError& error) {
      impl.warn(error.what());
    }
  }
}

Recording::NodePayload Recording::encode_nodes(RunEnd& end) {
  {
    std::lock_guard lock(state_->mutex);
    for (NodeStats& n : end.nodes) {
      if (auto usage = state_->node_usage.find(n.node); usage != state_->node_usage.end()) {
        n.usage = usage->second;
      }
      auto it = state_->node_durations.find(n.node);
      if (it == state_->node_durations.end() || it->second.empty()) continue;
      std::sort(it->second.begin(), it->second.end());
      n.p50_ns = percentile(it->second, 0.5);
      n.p95_ns = percentile(it->second, 0.95);
    }
  }
  // The statistics of all nodes in one `run_node_batches` row (schema.cpp, version 2).
  PayloadWriter payload;
  NodePayload out;
  for (const NodeStats& n : end.nodes) {
    out.first_node = std::min(out.first_node, n.node);
    payload.begin_row();
    payload.integer(n.node);
    payload.integer(static_cast<std::int64_t>(n.runs));
    payload.integer(static_cast<std::int64_t>(n.failures));
    payload.integer(static_cast<std::int64_t>(n.retries));
    payload.integer(static_cast<std::int64_t>(n.cache_hits));
    payload.integer(static_cast<std::int64_t>(n.items));
    payload.integer(n.total_ns);
    payload.integer(n.p50_ns);
    payload.integer(n.p95_ns);
    payload.integer(n.max_ns);
    payload.integer(n.usage.input_tokens);
    payload.integer(n.usage.output_tokens);
    payload.real(n.usage.cost_usd);
    payload.optional_text(n.error);
    payload.end_row();
  }
  out.payload = payload.take();
  return out;
}

void Recording::write_end(RunEnd& end, const NodePayload& nodes) {
  RunStore::Impl& impl = store_->impl();
  std::vector<StoredLog> logs = impl.take_logs(end.trace_id);
  std::int64_t logs_left_out = 0;
  if (logs.size() > impl.options.max_logs_per_run) {
    logs_left_out = static_cast<std::int64_t>(logs.size() - impl.options.max_logs_per_run);
    logs.resize(impl.options.max_logs_per_run);
  }
  std::int64_t spans = 0;
  std::int64_t spans_left_out = 0;
  {
    std::lock_guard lock(state_->mutex);
    spans = state_->spans;
    spans_left_out = state_->spans_left_out;
  }
  const std::int64_t result_bytes = static_cast<std::int64_t>(end.result.size());
  const bool truncated = cut_result(end.result, impl.options.max_result_bytes);
  std::int64_t nodes_failed = 0;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  double cost = 0;
  for (const NodeStats& n : end.nodes) {
    if (n.failures > n.retries) ++nodes_failed;
  }
  for (const ModelCost& u : end.usage) {
    input_tokens += u.input_tokens;
    output_tokens += u.output_tokens;
    cost += u.cost_usd;
  }

  static constexpr std::array<std::string_view, 4> kNodeColumns = {"run", "first_node",
                                                                   "node_count", "payload"};
  std::vector<Param> node_cells;
  if (!end.nodes.empty()) {
    node_cells = {state_->key, std::int64_t{nodes.first_node},
                  static_cast<std::int64_t>(end.nodes.size()), std::string_view(nodes.payload)};
  }
  static constexpr std::array<std::string_view, 6> kUsageColumns = {
      "run", "model", "calls", "input_tokens", "output_tokens", "cost_usd"};
  std::vector<Param> usage_cells;
  for (const ModelCost& u : end.usage) {
    usage_cells.insert(usage_cells.end(), {state_->key, text_param(u.model), u.calls,
                                           u.input_tokens, u.output_tokens, u.cost_usd});
  }
  static constexpr std::array<std::string_view, 10> kLogColumns = {
      "run",     "seq",    "time_ns", "level",    "logger",
      "message", "fields", "span_id", "pipeline", "node"};
  std::vector<Param> log_cells;
  std::int64_t seq = 0;
  for (const StoredLog& l : logs) {
    log_cells.insert(log_cells.end(), {state_->key, seq++, l.time_ns, text_param(l.level),
                                       text_param(l.logger), text_param(l.message),
                                       text_param(l.fields), static_cast<std::int64_t>(l.span_id),
                                       optional_text(l.pipeline), optional_text(l.node)});
  }

  if (end.ended_ns == 0) end.ended_ns = unix_now_ns();
  if (end.started_ns == 0) end.started_ns = state_->started_ns;
  const std::string status(status_name(end.status));
  const ErrorInfo error = end.error.value_or(ErrorInfo{});
  std::lock_guard lock(impl.mutex);
  WriteTransaction transaction(*impl.db);
  impl.db->append_rows("run_node_batches", kNodeColumns, node_cells);
  impl.db->append_rows("run_usage", kUsageColumns, usage_cells);
  impl.db->append_rows("run_logs", kLogColumns, log_cells);
  impl.db
      ->prepare(
          "UPDATE runs SET status = $2, trace_id = $3, ended_ns = $4, heartbeat_ns = $4, "
          "started_ns = $24, "
          "result = $5, result_bytes = $6, result_truncated = $7, error_kind = $8, "
          "error_message = $9, error_pipeline = $10, error_node = $11, error_stage = $12, "
          "error_file = $13, error_line = $14, error_col = $15, nodes_run = $16, "
          "nodes_failed = $17, spans = $18, spans_left_out = $19, logs_left_out = $20, "
          "input_tokens = $21, output_tokens = $22, cost_usd = $23 WHERE run = $1")
      .run(std::vector<Param>{state_->key,
                              text_param(status),
                              text_param(end.trace_id),
                              end.ended_ns,
                              end.status == RunStatus::Ok ? text_param(end.result) : Param(nullptr),
                              result_bytes,
                              std::int64_t{truncated ? 1 : 0},
                              end.error ? text_param(error.kind) : Param(nullptr),
                              optional_text(error.message),
                              optional_text(error.pipeline),
                              optional_text(error.node),
                              optional_text(error.stage),
                              optional_text(error.file),
                              end.error ? Param(std::int64_t{error.line}) : Param(nullptr),
                              end.error ? Param(std::int64_t{error.col}) : Param(nullptr),
                              static_cast<std::int64_t>(end.nodes.size()),
                              nodes_failed,
                              spans,
                              spans_left_out,
                              logs_left_out,
                              input_tokens,
                              output_tokens,
                              cost,
                              end.started_ns});
  transaction.commit();
}

}  // namespace plumb::store
