#!/usr/bin/env python3
"""test/fmt/Inputs/roundtrip.py — checks `plumb fmt` over .pipe files: for every file that
parses, the formatted text is formatted again unchanged (idempotence) and its syntax tree,
printed by `plumb ir --emit ast` with the locations removed, equals the original's (meaning
preserved). Files that do not parse are skipped. Prints one line per failure, then a summary.
Usage: roundtrip.py PLUMB TMPDIR PATH...  (a PATH that is a folder stands for its .pipe files)
"""
import os
import pathlib
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

LOCATION = re.compile(r" <\d+:\d+>$", re.MULTILINE)
NUMBERED = re.compile(rb"# (?:end|own) \d+")


def with_comments(text, where):
    lines = text.split(b"\n")
    if where == "end":
        return b"\n".join(
            line + b"  # end %d" % i if line.strip() and b'"' not in line else line
            for i, line in enumerate(lines))
    return b"\n".join(b"# own %d\n" % i + line for i, line in enumerate(lines))


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True)


def ast_of(plumb, path):
    result = run([plumb, "ir", str(path), "--emit", "ast"])
    if result.returncode != 0:
        return None
    lines = LOCATION.sub("", result.stdout.decode()).splitlines()
    return "\n".join(lines[1:])  # the first line names the file


def check(plumb, tmpdir, index, path, source=None):
    """The failures of one file (or of `source` in its place), None when it does not parse."""
    if source is not None:
        variant = tmpdir / f"{index}-in" / path.name
        variant.parent.mkdir(parents=True, exist_ok=True)
        variant.write_bytes(source)
        path = variant
    original = ast_of(plumb, path)
    if original is None:
        return None
    once = run([plumb, "fmt", "-"], path.read_bytes())
    if once.returncode != 0:
        return [f"FAIL {path}: fmt failed: {once.stderr.decode().strip()}"]
    failures = []
    twice = run([plumb, "fmt", "-"], once.stdout)
    if twice.stdout != once.stdout:
        failures.append(f"FAIL {path}: not idempotent")
    # `--emit ast` only parses (imports are not resolved): any folder will do.
    copy = tmpdir / str(index) / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(once.stdout)
    if ast_of(plumb, copy) != original:
        failures.append(f"FAIL {path}: the syntax tree changed")
    if NUMBERED.findall(path.read_bytes()) != NUMBERED.findall(once.stdout):
        failures.append(f"FAIL {path}: a comment was lost or moved out of order")
    return failures


def main():
    args = sys.argv[1:]
    comments = args[0] == "--comments"
    if comments:
        args = args[1:]
    plumb, tmpdir, paths = args[0], pathlib.Path(args[1]), args[2:]
    tmpdir.mkdir(parents=True, exist_ok=True)
    files = []
    for p in map(pathlib.Path, paths):
        files += sorted(p.rglob("*.pipe")) if p.is_dir() else [p]
    jobs = [(path, None) for path in files]
    if comments:
        jobs = [(path, with_comments(path.read_bytes(), where))
                for path in files for where in ("end", "own")]
    # Four processes a file: run them a few at a time.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: check(plumb, tmpdir, item[0], *item[1]),
                                enumerate(jobs)))
    checked = [r for r in results if r is not None]
    failures = [line for r in checked for line in r]
    for line in failures:
        print(line)
    print(f"checked {len(checked)} files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
