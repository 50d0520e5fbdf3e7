#!/usr/bin/env python3
"""bench/cpu_waits/measure.py — CPU time (user+sys) of wait-bound pipelines against Python.

Runs each pipeline of this folder with one or more plumb binaries and the Python script of the
same waits (python/), alternating them, several rounds, and prints the median CPU seconds
(user+sys of the process and its threads, from wait4's rusage) and wall seconds of each.
Usage:
    python3 bench/cpu_waits/measure.py [--rounds R] PLUMB [PLUMB...]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = ["sequential_sleeps", "map_sleeps", "effect_loop", "env_map"]


def measure(argv):
    start = time.monotonic()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(argv)}")
    return usage.ru_utime + usage.ru_stime, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("plumb", nargs="+")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for case in CASES:
            extra = ["--arg", f"dir={scratch}"] if case == "effect_loop" else []
            variants = {
                path: [path, "run", "--no-store", os.path.join(HERE, case + ".pipe")] + extra
                for path in args.plumb
            }
            variants["python3"] = ["python3", os.path.join(HERE, "python", case + ".py")]
            if case == "effect_loop":
                variants["python3"].append(scratch)
            samples = {name: [] for name in variants}
            for _ in range(args.rounds):
                for name, argv in variants.items():
                    samples[name].append(measure(argv))
            python_cpu = statistics.median(cpu for cpu, _ in samples["python3"])
            for name, runs in samples.items():
                cpu = statistics.median(c for c, _ in runs)
                wall = statistics.median(w for _, w in runs)
                print(f"{case:18} {name:40} cpu {cpu:6.3f} s  wall {wall:6.3f} s  "
                      f"{cpu / python_cpu:5.2f}x python cpu")


if __name__ == "__main__":
    main()
