#!/usr/bin/env bash
# The run store commands against the PostgreSQL server of with_postgres.py (postgres.test
# checks the files this writes into OUT). Usage: postgres_store.sh INPUTS DOCS OUT
set -euo pipefail
inputs=$1
docs=$2
out=$3
run() { plumb run --backend interp "$@"; }
export PLUMB_STORE=$PLUMB_PG_URL

# Two first runs at once on an empty database: the migrations run once.
python3 "$inputs/concurrent_runs.py" 2 -- plumb run --backend interp "$inputs/spans.pipe" \
  --arg n=300 > "$out/concurrent.txt"
run "$inputs/greet.pipe" --arg name=Ada > "$out/greet.out" 2> "$out/greet.err"
run "$inputs/fail.pipe" 2> "$out/fail.err" || echo "exit $?" > "$out/fail.exit"
cp "$inputs/compare_v1.pipe" "$out/prog.pipe"
run "$out/prog.pipe" > /dev/null
cp "$inputs/compare_v2.pipe" "$out/prog.pipe"
run "$out/prog.pipe" --arg n=2 > /dev/null
plumb runs > "$out/runs.txt"
plumb show last > "$out/show.txt"
plumb show last-failed > "$out/show_failed.txt"
plumb show last --json > "$out/show.json"
ids=$(plumb runs --json | grep -o '"id": "[0-9A-Z]*"' | cut -d'"' -f4)
plumb compare "$(echo "$ids" | sed -n 2p)" "$(echo "$ids" | sed -n 1p)" > "$out/compare.txt"
/usr/lib/postgresql/15/bin/psql "$PLUMB_PG_URL" -At -f <(python3 "$inputs/docs_queries.py" sql "$docs") \
  > "$out/queries.txt"
plumb gc --keep 2 > "$out/gc.txt"
plumb runs --limit 0 --json | grep -c '"id"' > "$out/after_gc.txt"

# A server that is down, a login the server refuses, a password that must not be shown.
run "$inputs/greet.pipe" --store "$PLUMB_PG_CLOSED_URL" > "$out/down.out" 2> "$out/down.err"
echo "exit $?" >> "$out/down.out"
run "$inputs/greet.pipe" --store "$PLUMB_PG_BAD_ROLE_URL" > "$out/refused.out" 2> "$out/refused.err"
echo "exit $?" >> "$out/refused.out"
secret_url=${PLUMB_PG_BAD_ROLE_URL/nobody_here@/nobody_here:s3cr3t-pw@}
run "$inputs/greet.pipe" --store "$secret_url" > /dev/null 2> "$out/password.err"

# A store written by schema version 1 (store_v1_postgres.sql, dumped from main's plumb at
# 8133270): opened, it is migrated; the views give back the rows the tables held, the
# commands read the old runs, and a new run is recorded next to them.
psql=/usr/lib/postgresql/15/bin/psql
"$psql" -q "$PLUMB_PG_URL" -c "CREATE DATABASE plumb_v1"
v1_url=${PLUMB_PG_URL%/plumb}/plumb_v1
"$psql" -q -v ON_ERROR_STOP=1 "$v1_url" -f "$inputs/store_v1_postgres.sql" > /dev/null
span_rows="SELECT run, seq, span_id, parent_id, kind, name, node, item, start_ns, duration_ns,
  thread, error, error_type, error_message, attributes FROM spans ORDER BY run, seq"
node_rows="SELECT run, node, runs, failures, retries, cache_hits, items, total_ns, p50_ns, p95_ns,
  max_ns, input_tokens, output_tokens, cost_usd, error FROM run_nodes ORDER BY run, node"
"$psql" -At "$v1_url" -c "$span_rows" -c "$node_rows" > "$out/v1_tables.txt"
plumb runs --store "$v1_url" > "$out/v1_runs.txt"
"$psql" -At "$v1_url" -c "$span_rows" -c "$node_rows" > "$out/v1_views.txt"
"$psql" -At "$v1_url" -c "SELECT max(version) FROM schema_migrations" \
  -c "SELECT run, first_seq, span_count FROM span_batches ORDER BY run" > "$out/v1_version.txt"
plumb show 01M991Y363PYR6GB6V0RE3QB3M --store "$v1_url" > "$out/v1_show.txt"
run "$inputs/greet.pipe" --store "$v1_url" > /dev/null
plumb show last --json --store "$v1_url" > "$out/v1_new.json"
