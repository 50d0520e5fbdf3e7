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
