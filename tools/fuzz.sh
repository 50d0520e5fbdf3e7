#!/usr/bin/env bash
# Builds the front-end fuzz targets with clang-14, libFuzzer, ASan and UBSan in build-fuzz/:
# test/fuzz/fuzz_check.cpp (any bytes, parsed and checked) and test/fuzz/fuzz_deep.cpp (a
# structure-aware generator of deep nesting: its input is a recipe of nested constructs, and
# the program it builds is compiled and printed every way). Runs fuzz_check on the hand-made
# bad inputs of issue 2 (empty file, binary garbage, invalid UTF-8, a 10 MB line, 10,000
# nested parentheses, a self-import) and on the deep-input corpus of test/fuzz/deep_programs.py
# (every kind of nesting at its limit and past it), fuzz_deep on a recipe per construct at
# several depths, then fuzzes both at once for SECONDS (default 60): fuzz_check seeded from
# test/fuzz/corpus, the lit tests and the examples, fuzz_deep from its recipes.
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
cmake --build "$build" --target fuzz_check fuzz_deep -j "$jobs"
fuzzer=$build/test/fuzz/fuzz_check
deep_fuzzer=$build/test/fuzz/fuzz_deep

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

# The deep-input corpus: each program's main file (imports do not resolve here: the lit tests
# of test/limits/ run them whole).
deep=$build/deep-corpus
rm -rf "$deep" && python3 "$root/test/fuzz/deep_programs.py" --corpus "$deep"
"$fuzzer" -rss_limit_mb=4096 -timeout=30 "$deep"/*/main.pipe

# Recipes for fuzz_deep (pairs of bytes: a construct, a count; count() in fuzz_deep.cpp reads
# 0-191 as is and 192-255 as 512-32,768): each construct alone a few times, under and past
# the nesting limits and far past them, and two constructs mixed.
recipes=$build/deep-recipes
rm -rf "$recipes" && mkdir -p "$recipes"
python3 - "$recipes" <<'PY'
import sys
folder = sys.argv[1]
constructs = 19
for c in range(constructs):
    for count in (3, 191, 192, 193, 255):
        open(f"{folder}/c{c}-{count}", "wb").write(bytes([c, count]))
    open(f"{folder}/c{c}-mixed", "wb").write(bytes([c, 100, (c + 1) % constructs, 100, c, 100]))
PY
# A recipe's program reaches 1 MiB (32,768 pipelines, say): compiling it with the verifier after
# every pass takes about 1 s in a release build and 30-40 s under ASan, UBSan and coverage, so
# fuzz_deep's timeout is 120 s (a hang still ends the run).
"$deep_fuzzer" -rss_limit_mb=4096 -timeout=120 "$recipes"/*

# Fuzzing, both targets at once: new inputs go to the first corpus folder; the others only
# seed it.
corpus=$build/fuzz-corpus
deep_corpus=$build/fuzz-deep-corpus
mkdir -p "$corpus" "$deep_corpus"
seeds=("$root/test/fuzz/corpus" "$root/test/parse" "$root/test/check")
[ -d "$root/examples" ] && seeds+=("$root/examples")
"$deep_fuzzer" "$deep_corpus" "$recipes" -max_total_time="$seconds" -max_len=64 -timeout=120 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/deep-" &
deep_pid=$!
status=0
"$fuzzer" "$corpus" "${seeds[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/" || status=$?
wait "$deep_pid" || status=$?
exit "$status"
