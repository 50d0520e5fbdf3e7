#!/usr/bin/env python3
"""concurrent_runs.py — starts N copies of a command at the same moment and waits for all;
prints each one's exit status and exits 1 unless every copy succeeded.
Usage: concurrent_runs.py N -- COMMAND [ARG...]"""
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    copies = int(sys.argv[1])
    processes = [subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL)
                 for _ in range(copies)]
    codes = [p.wait() for p in processes]
    for code in codes:
        print(f"exit {code}")
    return 0 if all(code == 0 for code in codes) else 1


if __name__ == "__main__":
    sys.exit(main())
