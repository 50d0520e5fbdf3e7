#!/bin/sh
# Differential test of the back ends: generates N random programs (test/diff/gen_programs.py,
# 50 pipelines per file) and runs each on the interpreter and on the JIT with
# `plumb diff-test`, which prints every mismatch. Exit 1 when any program differs.
#   tools/difftest.sh [N [SEED [DIR]]]   (defaults: 10000, a random seed, a temporary dir)
# $PLUMB names the plumb binary (default: build/tools/plumb/plumb), $JIT_OPT the JIT level
# (default 2).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
count=${1:-10000}
seed=${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
dir=${3:-$(mktemp -d)}
plumb=${PLUMB:-$root/build/tools/plumb/plumb}
per_file=50
files=$(( (count + per_file - 1) / per_file ))
rm -rf "$dir" && mkdir -p "$dir"
echo "difftest: $count programs, seed $seed, in $dir"
python3 "$root/test/diff/gen_programs.py" --seed "$seed" --files "$files" --per-file "$per_file" \
  --out "$dir"
# Batches of files per process keep the argument lists short and show progress.
status=0
ls "$dir"/*.pipe | xargs -n 20 "$plumb" diff-test --jit-opt "${JIT_OPT:-2}" || status=1
exit $status
