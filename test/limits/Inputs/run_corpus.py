#!/usr/bin/env python3
"""Runs plumb over the deep-input corpus of test/fuzz/deep_programs.py.

    run_corpus.py PLUMB "RUN" CORPUS [SHAPE...]

RUN is lit's `%run` (`plumb run --backend NAME`). A program at or under its shape's limit (or
of a shape without one) must pass every command that reads a program: check, ir (ast, ir,
opt), graph (dot, mermaid, json), run --dry-run and RUN, each with exit code 0. A program
past its limit must fail `check` and `run` with exit code 2 and a `[nesting-too-deep]`
diagnostic. Nothing may die of a signal.
The chains of thousands of pipelines or files run on the interpreter whatever RUN says: the
JIT compiles them in time that grows faster than their length (2,000 pipelines take minutes),
too slow for a test run every time; every other command still reads them.
Prints one line per program and a last line saying whether all went as expected.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "fuzz"))
import deep_programs  # noqa: E402


def commands(plumb, run, program):
    return [
        [plumb, "check", program],
        [plumb, "ir", program, "--emit", "ast"],
        [plumb, "ir", program, "--emit", "ir"],
        [plumb, "ir", program, "--emit", "opt"],
        [plumb, "graph", program, "--format", "dot"],
        [plumb, "graph", program, "--format", "mermaid"],
        [plumb, "graph", program, "--format", "json"],
        run + ["--dry-run", program],
        run + [program],
    ]


CHAINS = {"pipelines", "pipeline-lists", "imports"}


def run_command(run, shape):
    if shape in CHAINS and "--backend" in run:
        at = run.index("--backend")
        return run[:at] + ["--backend", "interp"] + run[at + 2:]
    return run


def describe(code):
    return "signal %d" % -code if code < 0 else "exit code %d" % code


def check_program(plumb, run, folder, limit, depth):
    program = "main.pipe"  # the commands run in the program's folder
    too_deep = limit is not None and depth > limit
    problems = []
    if too_deep:
        for command in ([plumb, "check", program], run + [program]):
            done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                                  errors="replace")
            if done.returncode != 2 or "[nesting-too-deep]" not in done.stderr:
                problems.append("plumb %s: %s, expected exit code 2 and nesting-too-deep: %s" %
                                (" ".join(command[1:]), describe(done.returncode),
                                 done.stderr[-300:].strip()))
        return problems
    for command in commands(plumb, run, program):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                              errors="replace")
        if done.returncode != 0:
            problems.append("plumb %s: %s: %s" % (" ".join(command[1:]), describe(done.returncode),
                                                  done.stderr[-300:].strip()))
    return problems


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    plumb, run, corpus = argv[1], argv[2].split(), argv[3]
    only = set(argv[4:])
    failed = 0
    count = 0
    for entry in sorted(os.listdir(corpus)):
        shape, _, depth = entry.rpartition("-")
        if only and shape not in only:
            continue
        limit = deep_programs.SHAPES[shape][0]
        problems = check_program(plumb, run_command(run, shape), os.path.join(corpus, entry),
                                 limit, int(depth))
        count += 1
        if problems:
            failed += 1
            print("%s: FAILED" % entry)
            for problem in problems:
                print("  " + problem)
        else:
            too_deep = limit is not None and int(depth) > limit
            verdict = "refused (nesting-too-deep)" if too_deep else "ok"
            print("%s: %s" % (entry, verdict))
    print("%d programs, %d as expected, %d failed" % (count, count - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
