// Migrations of the run store. The DDL is written once with placeholders for the spellings
// that differ between the back ends: {INT} (INTEGER / BIGINT), {REAL} (REAL / DOUBLE
// PRECISION), {BLOB} (BLOB / BYTEA), {KEY} (an automatically numbered primary key) and
// {COMPACT} (WITHOUT ROWID in SQLite, for tables whose primary key is their only index).
// Never edit a migration that has shipped: add the next one.
#include "runtime/store/schema.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace plumb::store {

namespace {

// Version 1: runs, their programs (files and nodes, shared by the runs of one program
// version), per-node statistics, LLM usage, spans, warning and error logs, and the blob table
// for cached values.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE sources(
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL);
CREATE TABLE programs(
  program_hash TEXT PRIMARY KEY,
  node_count {INT} NOT NULL,
  created_ns {INT} NOT NULL);
CREATE TABLE program_files(
  program_hash TEXT NOT NULL,
  position {INT} NOT NULL,
  path TEXT NOT NULL,
  source_hash TEXT NOT NULL,
  PRIMARY KEY(program_hash, position)){COMPACT};
CREATE TABLE program_nodes(
  program_hash TEXT NOT NULL,
  node {INT} NOT NULL,
  identity TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  stage TEXT,
  callee TEXT,
  parent {INT},
  predecessors TEXT NOT NULL,
  file TEXT NOT NULL,
  line {INT} NOT NULL,
  col {INT} NOT NULL,
  labels TEXT,
  code_hash TEXT NOT NULL,
  PRIMARY KEY(program_hash, node)){COMPACT};
CREATE TABLE runs(
  run {KEY},
  id TEXT NOT NULL UNIQUE,
  trace_id TEXT NOT NULL,
  status TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  file TEXT NOT NULL,
  program_hash TEXT NOT NULL,
  args TEXT NOT NULL,
  backend TEXT NOT NULL,
  threads {INT} NOT NULL,
  host TEXT NOT NULL,
  pid {INT} NOT NULL,
  process TEXT NOT NULL,
  cwd TEXT NOT NULL,
  plumb_version TEXT NOT NULL,
  started_ns {INT} NOT NULL,
  ended_ns {INT},
  heartbeat_ns {INT} NOT NULL,
  result TEXT,
  result_bytes {INT},
  result_truncated {INT} NOT NULL DEFAULT 0,
  error_kind TEXT,
  error_message TEXT,
  error_pipeline TEXT,
  error_node TEXT,
  error_stage TEXT,
  error_file TEXT,
  error_line {INT},
  error_col {INT},
  nodes_run {INT} NOT NULL DEFAULT 0,
  nodes_failed {INT} NOT NULL DEFAULT 0,
  spans {INT} NOT NULL DEFAULT 0,
  spans_left_out {INT} NOT NULL DEFAULT 0,
  logs_left_out {INT} NOT NULL DEFAULT 0,
  input_tokens {INT} NOT NULL DEFAULT 0,
  output_tokens {INT} NOT NULL DEFAULT 0,
  cost_usd {REAL} NOT NULL DEFAULT 0);
CREATE INDEX runs_by_started ON runs(started_ns);
CREATE INDEX runs_by_status ON runs(status);
CREATE INDEX runs_by_program ON runs(program_hash);
CREATE TABLE run_nodes(
  run {INT} NOT NULL,
  node {INT} NOT NULL,
  runs {INT} NOT NULL,
  failures {INT} NOT NULL,
  retries {INT} NOT NULL,
  cache_hits {INT} NOT NULL,
  items {INT} NOT NULL,
  total_ns {INT} NOT NULL,
  p50_ns {INT} NOT NULL,
  p95_ns {INT} NOT NULL,
  max_ns {INT} NOT NULL,
  input_tokens {INT} NOT NULL,
  output_tokens {INT} NOT NULL,
  cost_usd {REAL} NOT NULL,
  error TEXT,
  PRIMARY KEY(run, node)){COMPACT};
CREATE TABLE run_usage(
  run {INT} NOT NULL,
  model TEXT NOT NULL,
  calls {INT} NOT NULL,
  input_tokens {INT} NOT NULL,
  output_tokens {INT} NOT NULL,
  cost_usd {REAL} NOT NULL,
  PRIMARY KEY(run, model)){COMPACT};
CREATE TABLE spans(
  run {INT} NOT NULL,
  seq {INT} NOT NULL,
  span_id {INT} NOT NULL,
  parent_id {INT} NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  node {INT},
  item {INT},
  start_ns {INT} NOT NULL,
  duration_ns {INT} NOT NULL,
  thread {INT} NOT NULL,
  error {INT} NOT NULL,
  error_type TEXT,
  error_message TEXT,
  attributes TEXT,
  PRIMARY KEY(run, seq)){COMPACT};
CREATE TABLE run_logs(
  run {INT} NOT NULL,
  seq {INT} NOT NULL,
  time_ns {INT} NOT NULL,
  level TEXT NOT NULL,
  logger TEXT NOT NULL,
  message TEXT NOT NULL,
  fields TEXT NOT NULL,
  span_id {INT},
  pipeline TEXT,
  node TEXT,
  PRIMARY KEY(run, seq)){COMPACT};
CREATE TABLE blobs(
  key TEXT PRIMARY KEY,
  codec TEXT NOT NULL,
  size {INT} NOT NULL,
  data {BLOB} NOT NULL,
  created_ns {INT} NOT NULL,
  expires_ns {INT});
)sql";

// Version 2: the spans of a run and its per-node statistics are stored as batches, one row
// holding many as a JSON array of cell arrays (row_payload.hpp), instead of a row each: a
// 100,000-node run wrote 200,000 rows at about 12,000 instructions a row (docs/performance.md,
// "Run store"). The old tables' rows move into batches (one per run) and views with the old
// names and columns take the tables' place, so queries written against version 1 still work.
// The payload's cells are in the order of the views' columns after `run`.
constexpr std::string_view kVersion2Tables = R"sql(
CREATE TABLE span_batches(
  run {INT} NOT NULL,
  first_seq {INT} NOT NULL,
  span_count {INT} NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY(run, first_seq));
CREATE TABLE run_node_batches(
  run {INT} NOT NULL,
  first_node {INT} NOT NULL,
  node_count {INT} NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY(run, first_node));
)sql";

constexpr std::string_view kVersion2Sqlite = R"sql(
INSERT INTO span_batches(run, first_seq, span_count, payload)
  SELECT run, min(seq), count(*), json_group_array(json_array(seq, span_id, parent_id, kind,
    name, node, item, start_ns, duration_ns, thread, error, error_type, error_message,
    attributes))
  FROM (SELECT * FROM spans ORDER BY run, seq) GROUP BY run;
INSERT INTO run_node_batches(run, first_node, node_count, payload)
  SELECT run, min(node), count(*), json_group_array(json_array(node, runs, failures, retries,
    cache_hits, items, total_ns, p50_ns, p95_ns, max_ns, input_tokens, output_tokens, cost_usd,
    error))
  FROM (SELECT * FROM run_nodes ORDER BY run, node) GROUP BY run;
DROP TABLE spans;
DROP TABLE run_nodes;
CREATE VIEW spans AS SELECT b.run AS run, e.value ->> 0 AS seq, e.value ->> 1 AS span_id,
  e.value ->> 2 AS parent_id, e.value ->> 3 AS kind, e.value ->> 4 AS name,
  e.value ->> 5 AS node, e.value ->> 6 AS item, e.value ->> 7 AS start_ns,
  e.value ->> 8 AS duration_ns, e.value ->> 9 AS thread, e.value ->> 10 AS error,
  e.value ->> 11 AS error_type, e.value ->> 12 AS error_message, e.value ->> 13 AS attributes
  FROM span_batches b, json_each(b.payload) e;
CREATE VIEW run_nodes AS SELECT b.run AS run, e.value ->> 0 AS node, e.value ->> 1 AS runs,
  e.value ->> 2 AS failures, e.value ->> 3 AS retries, e.value ->> 4 AS cache_hits,
  e.value ->> 5 AS items, e.value ->> 6 AS total_ns, e.value ->> 7 AS p50_ns,
  e.value ->> 8 AS p95_ns, e.value ->> 9 AS max_ns, e.value ->> 10 AS input_tokens,
  e.value ->> 11 AS output_tokens, coalesce(CAST(e.value ->> 12 AS REAL), 0.0) AS cost_usd,
  e.value ->> 13 AS error
  FROM run_node_batches b, json_each(b.payload) e;
)sql";

constexpr std::string_view kVersion2Postgres = R"sql(
INSERT INTO span_batches(run, first_seq, span_count, payload)
  SELECT run, min(seq), count(*), json_agg(json_build_array(seq, span_id, parent_id, kind,
    name, node, item, start_ns, duration_ns, thread, error, error_type, error_message,
    attributes) ORDER BY seq)::text
  FROM spans GROUP BY run;
INSERT INTO run_node_batches(run, first_node, node_count, payload)
  SELECT run, min(node), count(*), json_agg(json_build_array(node, runs, failures, retries,
    cache_hits, items, total_ns, p50_ns, p95_ns, max_ns, input_tokens, output_tokens, cost_usd,
    error) ORDER BY node)::text
  FROM run_nodes GROUP BY run;
DROP TABLE spans;
DROP TABLE run_nodes;
CREATE VIEW spans AS SELECT b.run AS run, (e ->> 0)::bigint AS seq,
  (e ->> 1)::bigint AS span_id, (e ->> 2)::bigint AS parent_id, e ->> 3 AS kind,
  e ->> 4 AS name, (e ->> 5)::bigint AS node, (e ->> 6)::bigint AS item,
  (e ->> 7)::bigint AS start_ns, (e ->> 8)::bigint AS duration_ns,
  (e ->> 9)::bigint AS thread, (e ->> 10)::bigint AS error, e ->> 11 AS error_type,
  e ->> 12 AS error_message, e ->> 13 AS attributes
  FROM span_batches b CROSS JOIN LATERAL jsonb_array_elements(b.payload::jsonb) AS e;
CREATE VIEW run_nodes AS SELECT b.run AS run, (e ->> 0)::bigint AS node,
  (e ->> 1)::bigint AS runs, (e ->> 2)::bigint AS failures, (e ->> 3)::bigint AS retries,
  (e ->> 4)::bigint AS cache_hits, (e ->> 5)::bigint AS items,
  (e ->> 6)::bigint AS total_ns, (e ->> 7)::bigint AS p50_ns, (e ->> 8)::bigint AS p95_ns,
  (e ->> 9)::bigint AS max_ns, (e ->> 10)::bigint AS input_tokens,
  (e ->> 11)::bigint AS output_tokens, coalesce((e ->> 12)::double precision, 0) AS cost_usd,
  e ->> 13 AS error
  FROM run_node_batches b CROSS JOIN LATERAL jsonb_array_elements(b.payload::jsonb) AS e;
)sql";

// A migration: DDL for both back ends, then (when they differ) each back end's own.
struct Migration {
  std::string_view common;
  std::string_view sqlite;
  std::string_view postgres;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {
      {kVersion1, {}, {}},
      {kVersion2Tables, kVersion2Sqlite, kVersion2Postgres},
  };
  return list;
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

std::string for_dialect(std::string_view ddl, Dialect dialect) {
  const bool sqlite = dialect == Dialect::Sqlite;
  std::string text(ddl);
  text = replace_all(std::move(text), "{INT}", sqlite ? "INTEGER" : "BIGINT");
  text = replace_all(std::move(text), "{REAL}", sqlite ? "REAL" : "DOUBLE PRECISION");
  text = replace_all(std::move(text), "{BLOB}", sqlite ? "BLOB" : "BYTEA");
  text = replace_all(
      std::move(text), "{KEY}",
      sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  return replace_all(std::move(text), "{COMPACT}", sqlite ? " WITHOUT ROWID" : "");
}

int current_version(Database& db) {
  Statement& exists =
      db.prepare(db.dialect() == Dialect::Sqlite
                     ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                       "'schema_migrations'"
                     : "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                       "tablename = 'schema_migrations'");
  exists.bind({});
  const bool present = exists.step() && exists.integer(0) > 0;
  while (exists.step()) {
  }
  if (!present) return 0;
  Statement& version = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  version.bind({});
  const int found = version.step() ? static_cast<int>(version.integer(0)) : 0;
  while (version.step()) {
  }
  return found;
}

void refuse_newer(int found) {
  if (found > schema_version()) {
    throw DatabaseError("the store's schema is version " + std::to_string(found) +
                        ", newer than this plumb's (" + std::to_string(schema_version()) +
                        "); use a newer plumb");
  }
}

}  // namespace

int schema_version() {
  return static_cast<int>(migrations().size());
}

void migrate(Database& db, std::string_view plumb_version) {
  int found = current_version(db);
  refuse_newer(found);
  if (found == schema_version()) return;
  WriteTransaction transaction(db);
  if (db.dialect() == Dialect::Postgres) {
    // Two first runs against an empty database: the second waits here, then finds the tables.
    db.execute("SELECT pg_advisory_xact_lock(7250150020)");
  }
  found = current_version(db);
  refuse_newer(found);
  if (found == 0) {
    db.execute(for_dialect(
        "CREATE TABLE schema_migrations(version {INT} PRIMARY KEY, applied_ns {INT} NOT NULL, "
        "plumb_version TEXT NOT NULL)",
        db.dialect()));
  }
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  for (int version = found + 1; version <= schema_version(); ++version) {
    const Migration& migration = migrations()[static_cast<std::size_t>(version - 1)];
    db.execute(for_dialect(migration.common, db.dialect()));
    const std::string_view own =
        db.dialect() == Dialect::Sqlite ? migration.sqlite : migration.postgres;
    if (!own.empty()) db.execute(std::string(own));
    db.prepare(
          "INSERT INTO schema_migrations(version, applied_ns, plumb_version) "
          "VALUES($1, $2, $3)")
        .run(std::vector<Param>{std::int64_t{version}, now, plumb_version});
  }
  transaction.commit();
}

}  // namespace plumb::store
