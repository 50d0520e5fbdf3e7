// RunStore's reading side: listing runs, resolving a run reference (id, prefix, `last`,
// `last-failed`), and a run's nodes, spans, logs, files and usage; plus the stored blobs.
#include "runtime/store/queries.hpp"

#include <algorithm>
#include <cctype>

#include "runtime/store/process_identity.hpp"
#include "runtime/store/reading.hpp"
#include "runtime/store/row_payload.hpp"
#include "runtime/store/store_impl.hpp"

namespace plumb::store {

namespace {

constexpr std::int64_t kHeartbeatTimeoutNs = 120'000'000'000;

// The columns every listing reads; `run()` adds the result and the arguments.
constexpr const char* kRunColumns =
    "id, trace_id, status, pipeline, file, program_hash, backend, threads, host, pid, process, "
    "cwd, plumb_version, started_ns, ended_ns, heartbeat_ns, result_bytes, result_truncated, "
    "error_kind, error_message, error_pipeline, error_node, error_stage, error_file, "
    "error_line, error_col, nodes_run, nodes_failed, spans, spans_left_out, logs_left_out, "
    "input_tokens, output_tokens, cost_usd";
constexpr int kRunColumnCount = 34;

StoredRun read_run(const Statement& row, std::int64_t now) {
  StoredRun r;
  r.id = row.text(0);
  r.trace_id = row.text(1);
  r.pipeline = row.text(3);
  r.file = row.text(4);
  r.program_hash = row.text(5);
  r.backend = row.text(6);
  r.threads = static_cast<int>(row.integer(7));
  r.host = row.text(8);
  r.pid = row.integer(9);
  r.cwd = row.text(11);
  r.plumb_version = row.text(12);
  r.started_ns = row.integer(13);
  r.ended_ns = row.is_null(14) ? 0 : row.integer(14);
  const std::int64_t heartbeat = row.integer(15);
  r.status = effective_status(parse_status(row.text(2)).value_or(RunStatus::Interrupted),
                              row.text(10), heartbeat, now);
  r.result_bytes = row.is_null(16) ? 0 : row.integer(16);
  r.result_truncated = row.integer(17) != 0;
  if (!row.is_null(18)) {
    ErrorInfo e;
    e.kind = row.text(18);
    e.message = optional_column(row, 19);
    e.pipeline = optional_column(row, 20);
    e.node = optional_column(row, 21);
    e.stage = optional_column(row, 22);
    e.file = optional_column(row, 23);
    e.line = row.is_null(24) ? 0 : static_cast<std::uint32_t>(row.integer(24));
    e.col = row.is_null(25) ? 0 : static_cast<std::uint32_t>(row.integer(25));
    r.error = std::move(e);
  }
  r.nodes_run = row.integer(26);
  r.nodes_failed = row.integer(27);
  r.spans = row.integer(28);
  r.spans_left_out = row.integer(29);
  r.logs_left_out = row.integer(30);
  r.input_tokens = row.integer(31);
  r.output_tokens = row.integer(32);
  r.cost_usd = row.real(33);
  const std::int64_t end = r.ended_ns != 0                  ? r.ended_ns
                           : r.status == RunStatus::Running ? now
                                                            : heartbeat;
  r.seconds = static_cast<double>(std::max<std::int64_t>(end - r.started_ns, 0)) / 1e9;
  return r;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

RunKey find_key(RunStore::Impl& store, const std::string& run_id) {
  Statement& select = store.db->prepare("SELECT run, program_hash FROM runs WHERE id = $1");
  select.bind(std::vector<Param>{text_param(run_id)});
  RunKey found;
  while (select.step()) {
    found.key = select.integer(0);
    found.program_hash = select.text(1);
  }
  if (found.key == 0) throw StoreError("no run `" + run_id + "` in " + store.name);
  return found;
}

RunStatus effective_status(RunStatus recorded, const std::string& process,
                           std::int64_t heartbeat_ns, std::int64_t now_ns) {
  if (recorded != RunStatus::Running) return recorded;
  if (const std::optional<bool> gone = process_gone(process)) {
    return *gone ? RunStatus::Interrupted : RunStatus::Running;
  }
  return now_ns - heartbeat_ns > kHeartbeatTimeoutNs ? RunStatus::Interrupted : RunStatus::Running;
}

void refresh_interrupted(RunStore::Impl& store) {
  std::lock_guard lock(store.mutex);
  try {
    Statement& running =
        store.db->prepare("SELECT run, process, heartbeat_ns FROM runs WHERE status = 'running'");
    running.bind({});
    std::vector<std::int64_t> dead;
    const std::int64_t now = unix_now_ns();
    while (running.step()) {
      if (effective_status(RunStatus::Running, running.text(1), running.integer(2), now) ==
          RunStatus::Interrupted) {
        dead.push_back(running.integer(0));
      }
    }
    if (dead.empty()) return;
    WriteTransaction transaction(*store.db);
    Statement& mark = store.db->prepare(
        "UPDATE runs SET status = 'interrupted' WHERE run = $1 AND status = 'running'");
    for (std::int64_t key : dead)
      mark.run(std::vector<Param>{key});
    transaction.commit();
  } catch (const DatabaseError&) {
    // Read-only or busy: the readers work the status out themselves (effective_status).
  }
}

}  // namespace plumb::store

namespace plumb {

using store::Param;
using store::Statement;
using store::text_param;

std::vector<StoredRun> RunStore::runs(const RunFilter& filter) {
  store::refresh_interrupted(*impl_);
  return store::reading(*impl_, [&] {
    std::string sql = std::string("SELECT ") + store::kRunColumns + " FROM runs WHERE 1 = 1";
    std::vector<Param> params;
    const std::string status = filter.status ? std::string(status_name(*filter.status)) : "";
    if (filter.status) {
      params.push_back(text_param(status));
      sql += " AND status = $" + std::to_string(params.size());
    }
    if (!filter.pipeline.empty()) {
      params.push_back(text_param(filter.pipeline));
      sql += " AND pipeline = $" + std::to_string(params.size());
    }
    if (filter.since_ns > 0) {
      params.push_back(filter.since_ns);
      sql += " AND started_ns >= $" + std::to_string(params.size());
    }
    sql += " ORDER BY started_ns DESC, run DESC";
    if (filter.limit > 0) {
      params.push_back(static_cast<std::int64_t>(filter.limit));
      sql += " LIMIT $" + std::to_string(params.size());
    }
    Statement& select = impl_->db->prepare(sql);
    select.bind(params);
    std::vector<StoredRun> out;
    const std::int64_t now = store::unix_now_ns();
    while (select.step())
      out.push_back(store::read_run(select, now));
    return out;
  });
}

StoredRun RunStore::run(std::string_view reference) {
  if (reference.empty())
    throw StoreError("empty run reference; give an id, `last` or `last-failed`");
  store::refresh_interrupted(*impl_);
  return store::reading(*impl_, [&] {
    const std::string columns = std::string(store::kRunColumns) + ", result, args";
    std::string where;
    std::vector<Param> params;
    const std::string prefix = store::upper(reference);
    if (reference == "last") {
      where = "1 = 1";
    } else if (reference == "last-failed") {
      where = "status IN ('failed', 'cancelled', 'interrupted')";
    } else {
      params.push_back(text_param(prefix));
      params.push_back(static_cast<std::int64_t>(prefix.size()));
      where = "substr(id, 1, $2) = $1";
    }
    Statement& select = impl_->db->prepare("SELECT " + columns + " FROM runs WHERE " + where +
                                           " ORDER BY started_ns DESC, run DESC LIMIT 2");
    select.bind(params);
    std::vector<StoredRun> found;
    const std::int64_t now = store::unix_now_ns();
    while (select.step()) {
      StoredRun r = store::read_run(select, now);
      r.result = store::optional_column(select, store::kRunColumnCount);
      r.args = select.text(store::kRunColumnCount + 1);
      found.push_back(std::move(r));
    }
    const bool by_id = reference != "last" && reference != "last-failed";
    if (found.empty()) {
      throw StoreError(
          std::string(by_id ? "no run `" + std::string(reference) + "`"
                            : "no " + std::string(reference == "last" ? "run" : "failed run")) +
          " in " + impl_->name);
    }
    if (by_id && found.size() > 1 && found[0].id != prefix) {
      throw StoreError("run prefix `" + std::string(reference) + "` is ambiguous: it matches " +
                       found[0].id + ", " + found[1].id + " and maybe more; give more characters");
    }
    return found.front();
  });
}

std::vector<StoredSpan> RunStore::spans(const std::string& run_id) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    Statement& select =
        impl_->db->prepare("SELECT payload FROM span_batches WHERE run = $1 ORDER BY first_seq");
    select.bind(std::vector<Param>{run.key});
    std::vector<std::pair<std::int64_t, StoredSpan>> read;  // with its seq
    while (select.step()) {
      const std::string payload = select.text(0);
      store::PayloadReader row(payload, 14, "span_batches");
      while (row.next_row()) {
        const std::int64_t seq = row.integer(0);
        StoredSpan s;
        s.span_id = static_cast<std::uint64_t>(row.integer(0));
        s.parent_id = static_cast<std::uint64_t>(row.integer(0));
        s.kind = row.text();
        s.name = row.text();
        if (const std::int64_t node = row.integer(); node >= 0) {
          s.node = static_cast<std::uint32_t>(node);
        }
        s.item = row.integer();
        s.start_ns = row.integer(0);
        s.duration_ns = row.integer(0);
        s.thread = static_cast<std::uint32_t>(row.integer(0));
        s.error = row.integer(0) != 0;
        s.error_type = row.text();
        s.error_message = row.text();
        s.attributes = row.text();
        read.emplace_back(seq, std::move(s));
      }
    }
    // Batches are written in arrival order; a store migrated from version 1 is sorted anyway.
    const auto by_seq = [](const auto& a, const auto& b) { return a.first < b.first; };
    if (!std::is_sorted(read.begin(), read.end(), by_seq)) {
      std::stable_sort(read.begin(), read.end(), by_seq);
    }
    std::vector<StoredSpan> out;
    out.reserve(read.size());
    for (auto& [seq, span] : read)
      out.push_back(std::move(span));
    return out;
  });
}

std::vector<StoredLog> RunStore::logs(const std::string& run_id) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    Statement& select = impl_->db->prepare(
        "SELECT time_ns, level, logger, message, fields, span_id, pipeline, node FROM run_logs "
        "WHERE run = $1 ORDER BY seq");
    select.bind(std::vector<Param>{run.key});
    std::vector<StoredLog> out;
    while (select.step()) {
      StoredLog& l = out.emplace_back();
      l.time_ns = select.integer(0);
      l.level = select.text(1);
      l.logger = select.text(2);
      l.message = select.text(3);
      l.fields = select.text(4);
      l.span_id = select.is_null(5) ? 0 : static_cast<std::uint64_t>(select.integer(5));
      l.pipeline = store::optional_column(select, 6);
      l.node = store::optional_column(select, 7);
    }
    return out;
  });
}

std::vector<StoredFile> RunStore::files(const std::string& run_id) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    Statement& select = impl_->db->prepare(
        "SELECT f.path, f.source_hash, s.text FROM program_files f JOIN sources s ON "
        "s.hash = f.source_hash WHERE f.program_hash = $1 ORDER BY f.position");
    select.bind(std::vector<Param>{text_param(run.program_hash)});
    std::vector<StoredFile> out;
    while (select.step())
      out.push_back(StoredFile{select.text(0), select.text(1), select.text(2)});
    return out;
  });
}

std::vector<ModelCost> RunStore::usage(const std::string& run_id) {
  return store::reading(*impl_, [&] {
    const store::RunKey run = store::find_key(*impl_, run_id);
    Statement& select = impl_->db->prepare(
        "SELECT model, calls, input_tokens, output_tokens, cost_usd FROM run_usage "
        "WHERE run = $1 ORDER BY model");
    select.bind(std::vector<Param>{run.key});
    std::vector<ModelCost> out;
    while (select.step()) {
      out.push_back(ModelCost{select.text(0), select.integer(1), select.integer(2),
                              select.integer(3), select.real(4)});
    }
    return out;
  });
}

void RunStore::put_blob(const std::string& key, const StoredBlob& blob, double ttl_seconds) {
  try {
    std::lock_guard lock(impl_->mutex);
    const std::int64_t now = store::unix_now_ns();
    const Param expires = ttl_seconds > 0
                              ? Param(now + static_cast<std::int64_t>(ttl_seconds * 1e9))
                              : Param(nullptr);
    impl_->db
        ->prepare(
            "INSERT INTO blobs(key, codec, size, data, created_ns, expires_ns) "
            "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(key) DO UPDATE SET "
            "codec = excluded.codec, size = excluded.size, data = excluded.data, "
            "created_ns = excluded.created_ns, expires_ns = excluded.expires_ns")
        .run(std::vector<Param>{text_param(key), text_param(blob.codec),
                                static_cast<std::int64_t>(blob.data.size()),
                                store::Bytes{blob.data}, now, expires});
  } catch (const store::DatabaseError& error) {
    throw StoreError("run store " + impl_->name + ": " + error.what());
  }
}

std::optional<StoredBlob> RunStore::get_blob(const std::string& key) {
  return store::reading(*impl_, [&]() -> std::optional<StoredBlob> {
    Statement& select = impl_->db->prepare(
        "SELECT codec, data, created_ns FROM blobs WHERE key = $1 AND "
        "(expires_ns IS NULL OR expires_ns > $2)");
    select.bind(std::vector<Param>{text_param(key), store::unix_now_ns()});
    std::optional<StoredBlob> found;
    while (select.step())
      found = StoredBlob{select.text(0), select.text(1), select.integer(2)};
    return found;
  });
}

}  // namespace plumb
