#!/usr/bin/env python3
"""kill_mid_run.py — starts `PLUMB run ARGS...`, waits until the run store lists that run as
running (its first row is written before the pipeline starts), sends it SIGNAL (default KILL)
and waits for it. Prints the exit status (`killed by SIGKILL`, `exit 130`); exits 1 when the
run never showed up.
Usage: kill_mid_run.py [--signal NAME] PLUMB -- ARG..."""
import signal
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    sig = signal.SIGKILL
    if args[:1] == ["--signal"]:
        sig = getattr(signal, "SIG" + args[1])
        args = args[2:]
    if len(args) < 3 or args[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    plumb, run_args = args[0], args[2:]
    process = subprocess.Popen([plumb, "run"] + run_args)
    deadline = time.monotonic() + 30
    while True:
        listing = subprocess.run([plumb, "runs", "--status", "running", "--json"],
                                 capture_output=True, text=True)
        if '"id"' in listing.stdout:
            break
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            print("the run never showed up as running", file=sys.stderr)
            return 1
        time.sleep(0.05)
    process.send_signal(sig)
    code = process.wait(timeout=60)
    print(f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
