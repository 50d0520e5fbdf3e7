#!/usr/bin/env python3
"""bench/python_bench.py — speed of the `plumb` Python package (docs/python.md).

1. Per-item overhead of a trivial Python stage called from a map: a map of N items whose body
   calls `acme.ident(x)` (a Python function returning its argument), minus the time the same
   function takes when Python calls it N times in a loop. Also shown: the same map with a C++
   stage (`text.tokens`), so the Python-specific part (GIL, conversions, call) stands out.
2. A map with a C++ stage, run from Python against `plumb run` (the CLI): the run's own
   duration (Result.seconds, and the CLI summary's `status ok in ...`) of a freshly compiled
   program's first run, in a fresh engine each time, alternating the two.

Timings alternate between the variants, several rounds, and report medians. Usage:
    PYTHONPATH=build/python python3 bench/python_bench.py [--items N] [--rounds R] [--plumb PATH]
"""
import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time

import plumb

STAGE_MAP = "pipeline main(xs: list[int]) { return map x in xs { y = acme.ident(x); yield y } }"
CPP_MAP = "pipeline main(xs: list[str]) { return map x in xs { y = text.tokens(x); yield y } }"
CLI_MAP = """pipeline main(n: int) {
  ys = map x in range(n) { t = text.tokens("item number ${x}"); yield t }
  return len(ys)
}
"""


def ident(x: int) -> int:
    return x


def python_loop(items):
    f = ident
    start = time.perf_counter()
    for x in items:
        f(x)
    return time.perf_counter() - start


def plumb_run(program, **args):
    start = time.perf_counter()
    program.run(**args)
    return time.perf_counter() - start


def overhead(items, rounds, threads):
    engine = plumb.Engine(threads=threads)
    engine.register_stage("acme.ident", ident)
    python_map = engine.compile(source=STAGE_MAP)
    cpp_map = engine.compile(source=CPP_MAP)
    xs = list(range(items))
    words = [str(x) for x in xs]
    python_map.run(xs=xs)
    cpp_map.run(xs=words)
    loop, py, cpp = [], [], []
    for _ in range(rounds):
        loop.append(python_loop(xs))
        py.append(plumb_run(python_map, xs=xs))
        cpp.append(plumb_run(cpp_map, xs=words))
    per = lambda samples: statistics.median(samples) / items * 1e9
    return per(loop), per(py), per(cpp)


def cli_seconds(plumb_cli, path, n):
    done = subprocess.run([plumb_cli, "run", path, "--arg", f"n={n}", "--summary", "--no-store"],
                          capture_output=True, text=True, check=True)
    match = re.search(r"status   ok in ([0-9.]+) (ms|s|µs)", done.stderr)
    scale = {"s": 1.0, "ms": 1e-3, "µs": 1e-6}[match.group(2)]
    return float(match.group(1)) * scale


def python_seconds(path, n):
    engine = plumb.Engine()
    program = engine.compile(path)
    start = time.perf_counter()
    result = program.run(n=n)
    wall = time.perf_counter() - start
    return result.seconds, wall


def cli_against_python(plumb_cli, n, rounds):
    with tempfile.NamedTemporaryFile("w", suffix=".pipe", delete=False) as f:
        f.write(CLI_MAP)
        path = f.name
    cli, py, py_wall = [], [], []
    try:
        for _ in range(rounds):
            cli.append(cli_seconds(plumb_cli, path, n))
            seconds, wall = python_seconds(path, n)
            py.append(seconds)
            py_wall.append(wall)
    finally:
        os.unlink(path)
    return statistics.median(cli), statistics.median(py), statistics.median(py_wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--plumb", default="build/tools/plumb/plumb")
    options = parser.parse_args()
    for threads in (1, 2):
        loop, py, cpp = overhead(options.items, options.rounds, threads)
        print(f"threads={threads}: Python loop {loop:.0f} ns/item, map with a Python stage "
              f"{py:.0f} ns/item (overhead {py - loop:.0f} ns), map with a C++ stage "
              f"{cpp:.0f} ns/item")
    cli, py, wall = cli_against_python(options.plumb, options.items * 5, options.rounds)
    print(f"C++ stage map of {options.items * 5} items, first run: CLI {cli * 1e3:.1f} ms, "
          f"Python {py * 1e3:.1f} ms (run() wall {wall * 1e3:.1f} ms), ratio {py / cli:.3f}")


if __name__ == "__main__":
    main()
