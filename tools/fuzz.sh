#!/usr/bin/env bash
# Builds the front-end fuzz target (test/fuzz/fuzz_check.cpp) with clang-14, libFuzzer, ASan
# and UBSan in build-fuzz/, runs it on the hand-made bad inputs of issue 2 (empty file, binary
# garbage, invalid UTF-8, a 10 MB line, 10,000 nested parentheses, a self-import), then fuzzes
# for SECONDS (default 60) seeded from test/fuzz/corpus, the lit tests and the examples.
# Usage: tools/fuzz.sh [SECONDS]      (CI: tools/fuzz.sh 60)
set -euo pipefail

seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PLUMB_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${PLUMB_FUZZ_JOBS:-$(nproc)}

mkdir -p "$build"
CC=${CC:-clang-14} CXX=${CXX:-clang++-14} cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLUMB_FUZZ=ON -DPLUMB_SANITIZE=address,undefined \
  -DPLUMB_BUILD_TESTS=OFF -DPLUMB_BUILD_BENCHMARKS=OFF > "$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" --target fuzz_check -j "$jobs"
fuzzer=$build/test/fuzz/fuzz_check

# The explicit bad inputs, each run once.
inputs=$build/fuzz-inputs
rm -rf "$inputs" && mkdir -p "$inputs"
: > "$inputs/empty.pipe"
head -c 65536 /dev/urandom > "$inputs/garbage.bin"
printf 'pipeline main() {\n  return "\xff\xfe\xc3\x28 \xed\xa0\x80"\n}\n' > "$inputs/invalid-utf8.pipe"
python3 - "$inputs" <<'PY'
import sys
d = sys.argv[1]
open(f"{d}/long-line.pipe", "w").write('pipeline main() { return "' + "x" * 10_000_000 + '" }\n')
open(f"{d}/long-expression.pipe", "w").write("pipeline main() { return " + "1 + " * 250_000 + "1 }\n")
open(f"{d}/nested-parens.pipe", "w").write("pipeline main() { return " + "(" * 10_000 + "1" + ")" * 10_000 + " }\n")
open(f"{d}/nested-parens-open.pipe", "w").write("(" * 100_000)
open(f"{d}/nested-blocks.pipe", "w").write("pipeline main() {\n" + "if true {\n" * 10_000 + "}\n" * 10_001)
open(f"{d}/self-import.pipe", "w").write('import "input.pipe"\npipeline main() {}\n')
PY
"$fuzzer" -rss_limit_mb=4096 -timeout=30 "$inputs"/*

# Fuzzing: new inputs go to the first corpus folder; the others only seed it.
corpus=$build/fuzz-corpus
mkdir -p "$corpus"
seeds=("$root/test/fuzz/corpus" "$root/test/parse" "$root/test/check")
[ -d "$root/examples" ] && seeds+=("$root/examples")
"$fuzzer" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/"
