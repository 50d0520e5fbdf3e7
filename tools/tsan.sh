#!/usr/bin/env bash
# Builds the executor's and the telemetry's unit tests with ThreadSanitizer in build-tsan/ and
# runs them: the concurrency stress test (one Program run from many threads), cancellation,
# timeouts, retries, observers, the timer and the batch processor. oneTBB's own internals are
# suppressed by test/tsan.supp (see there); any other report fails the run (exit 66).
# Usage: tools/tsan.sh      (CI runs it; PLUMB_TSAN_BUILD_DIR and PLUMB_TSAN_JOBS override)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PLUMB_TSAN_BUILD_DIR:-$root/build-tsan}
jobs=${PLUMB_TSAN_JOBS:-$(nproc)}

mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLUMB_SANITIZE=thread \
  -DPLUMB_BUILD_BENCHMARKS=OFF > "$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" --target unit_exec unit_telemetry -j "$jobs"

# Tests that read the sources (OwnNames) find them as under ctest.
export PLUMB_SOURCE_DIR=$root
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 suppressions=$root/test/tsan.supp"
"$build/test/unit/exec/unit_exec"
"$build/test/unit/telemetry/unit_telemetry"
