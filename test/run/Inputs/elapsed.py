"""Runs a command and fails if it takes longer than a limit: elapsed.py SECONDS CMD ARGS...
Keeps the command's output and exit status, so it composes with `not` and FileCheck. Used to
check that timeouts and cancellation end a run promptly (a bound, never a benchmark)."""
import subprocess
import sys
import time

limit = float(sys.argv[1])
start = time.monotonic()
status = subprocess.call(sys.argv[2:])
elapsed = time.monotonic() - start
if elapsed > limit:
    sys.stderr.write(f"elapsed.py: took {elapsed:.1f}s, more than {limit}s\n")
    sys.exit(125)
sys.exit(status)
