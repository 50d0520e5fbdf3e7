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


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True)


def ast_of(plumb, path):
    result = run([plumb, "ir", str(path), "--emit", "ast"])
    if result.returncode != 0:
        return None
    lines = LOCATION.sub("", result.stdout.decode()).splitlines()
    return "\n".join(lines[1:])  # the first line names the file


def check(plumb, tmpdir, index, path):
    """The failures of one file, or None when it does not parse."""
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
    return failures


def main():
    plumb, tmpdir, paths = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
    tmpdir.mkdir(parents=True, exist_ok=True)
    files = []
    for p in map(pathlib.Path, paths):
        files += sorted(p.rglob("*.pipe")) if p.is_dir() else [p]
    # Four processes a file: run them a few at a time.
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: check(plumb, tmpdir, *item), enumerate(files)))
    checked = [r for r in results if r is not None]
    failures = [line for r in checked for line in r]
    for line in failures:
        print(line)
    print(f"checked {len(checked)} files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
