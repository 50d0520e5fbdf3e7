// Retention and garbage collection. Deletions run in short transactions of a few runs each,
// so concurrent `plumb run`s are never held up for long.
#include "runtime/store/retention.hpp"

#include <set>
#include <string>

#include "runtime/store/queries.hpp"
#include "runtime/store/store_impl.hpp"

namespace plumb::store {

namespace {

constexpr std::size_t kRetentionPerRun = 2;
constexpr std::size_t kRunsPerTransaction = 20;

struct Candidate {
  std::int64_t key = 0;
  std::int64_t started_ns = 0;
};

// Runs that may be deleted (not running), oldest first, and how many runs there are.
std::vector<Candidate> deletable(Database& db) {
  Statement& select = db.prepare(
      "SELECT run, started_ns FROM runs WHERE status <> 'running' ORDER BY started_ns, run");
  select.bind({});
  std::vector<Candidate> out;
  while (select.step())
    out.push_back(Candidate{select.integer(0), select.integer(1)});
  return out;
}

std::int64_t count_runs(Database& db) {
  Statement& count = db.prepare("SELECT count(*) FROM runs");
  count.bind({});
  const std::int64_t n = count.step() ? count.integer(0) : 0;
  while (count.step()) {
  }
  return n;
}

std::vector<std::string> program_sources(Database& db, const std::string& program) {
  Statement& select = db.prepare("SELECT source_hash FROM program_files WHERE program_hash = $1");
  select.bind(std::vector<Param>{text_param(program)});
  std::vector<std::string> out;
  while (select.step())
    out.push_back(select.text(0));
  return out;
}

// Deletes the runs and what only they used, in one transaction.
void delete_runs(Database& db, const std::vector<std::int64_t>& keys) {
  WriteTransaction transaction(db);
  std::set<std::string> programs;
  Statement& program = db.prepare("SELECT program_hash FROM runs WHERE run = $1");
  for (std::int64_t key : keys) {
    program.bind(std::vector<Param>{key});
    while (program.step())
      programs.insert(program.text(0));
  }
  for (const char* table : {"span_batches", "run_node_batches", "run_usage", "run_logs", "runs"}) {
    Statement& erase = db.prepare(std::string("DELETE FROM ") + table + " WHERE run = $1");
    for (std::int64_t key : keys)
      erase.run(std::vector<Param>{key});
  }
  Statement& used = db.prepare("SELECT count(*) FROM runs WHERE program_hash = $1");
  for (const std::string& hash : programs) {
    used.bind(std::vector<Param>{text_param(hash)});
    const bool still_used = used.step() && used.integer(0) > 0;
    while (used.step()) {
    }
    if (still_used) continue;
    const std::vector<std::string> sources = program_sources(db, hash);
    for (const char* table : {"program_nodes", "program_files", "programs"}) {
      db.prepare(std::string("DELETE FROM ") + table + " WHERE program_hash = $1")
          .run(std::vector<Param>{text_param(hash)});
    }
    Statement& orphan = db.prepare(
        "DELETE FROM sources WHERE hash = $1 AND NOT EXISTS "
        "(SELECT 1 FROM program_files WHERE source_hash = $1)");
    for (const std::string& source : sources)
      orphan.run(std::vector<Param>{text_param(source)});
  }
  transaction.commit();
}

void delete_in_chunks(RunStore::Impl& store, const std::vector<std::int64_t>& keys) {
  for (std::size_t at = 0; at < keys.size(); at += kRunsPerTransaction) {
    const std::size_t end = std::min(keys.size(), at + kRunsPerTransaction);
    std::lock_guard lock(store.mutex);
    delete_runs(*store.db, std::vector<std::int64_t>(keys.begin() + at, keys.begin() + end));
  }
}

}  // namespace

void apply_retention(RunStore::Impl& store, std::size_t keep) {
  std::vector<std::int64_t> doomed;
  {
    std::lock_guard lock(store.mutex);
    // The run `keep` places below the newest: when there is none, nothing is beyond `keep`.
    Statement& boundary = store.db->prepare(
        "SELECT started_ns FROM runs ORDER BY started_ns DESC, run DESC LIMIT 1 OFFSET $1");
    boundary.bind(std::vector<Param>{static_cast<std::int64_t>(keep)});
    if (!boundary.step()) return;
    const std::int64_t newest_doomed = boundary.integer(0);
    while (boundary.step()) {
    }
    Statement& oldest = store.db->prepare(
        "SELECT run FROM runs WHERE status <> 'running' AND started_ns <= $1 "
        "ORDER BY started_ns, run LIMIT $2");
    oldest.bind(std::vector<Param>{newest_doomed, static_cast<std::int64_t>(kRetentionPerRun)});
    while (oldest.step())
      doomed.push_back(oldest.integer(0));
  }
  if (!doomed.empty()) delete_in_chunks(store, doomed);
}

GcResult collect_garbage(RunStore::Impl& store, const GcOptions& options) {
  refresh_interrupted(store);
  GcResult result;
  std::vector<Candidate> candidates;
  std::int64_t total = 0;
  {
    std::lock_guard lock(store.mutex);
    result.bytes_before = store.db->size_bytes();
    candidates = deletable(*store.db);
    total = count_runs(*store.db);
  }
  // Candidates are oldest first: the first `excess` of them go for --keep.
  std::size_t doomed_count = 0;
  if (options.keep && total > static_cast<std::int64_t>(*options.keep)) {
    doomed_count =
        std::min(candidates.size(),
                 static_cast<std::size_t>(total - static_cast<std::int64_t>(*options.keep)));
  }
  if (options.older_than_ns) {
    const std::int64_t cutoff = unix_now_ns() - *options.older_than_ns;
    while (doomed_count < candidates.size() && candidates[doomed_count].started_ns < cutoff)
      ++doomed_count;
  }
  std::vector<std::int64_t> keys;
  for (std::size_t i = 0; i < doomed_count; ++i)
    keys.push_back(candidates[i].key);
  delete_in_chunks(store, keys);
  result.deleted = keys.size();
  if (options.max_bytes) {
    std::size_t next = doomed_count;
    while (next < candidates.size()) {
      {
        std::lock_guard lock(store.mutex);
        if (store.db->size_bytes() <= *options.max_bytes) break;
      }
      const std::size_t end = std::min(candidates.size(), next + kRunsPerTransaction);
      std::vector<std::int64_t> chunk;
      for (std::size_t i = next; i < end; ++i)
        chunk.push_back(candidates[i].key);
      delete_in_chunks(store, chunk);
      result.deleted += chunk.size();
      next = end;
    }
  }
  std::lock_guard lock(store.mutex);
  store.db->prepare("DELETE FROM blobs WHERE expires_ns IS NOT NULL AND expires_ns < $1")
      .run(std::vector<Param>{unix_now_ns()});
  store.db->reclaim_space();
  result.bytes_after = store.db->size_bytes();
  result.kept = static_cast<std::size_t>(count_runs(*store.db));
  return result;
}

}  // namespace plumb::store
