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

LOCATION = re.compile(r" <\d+:\d+>$", re.MULTILINE)


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True)


def ast_of(plumb, path):
    result = run([plumb, "ir", str(path), "--emit", "ast"])
    if result.returncode != 0:
        return None
    lines = LOCATION.sub("", result.stdout.decode()).splitlines()
    return "\n".join(lines[1:])  # the first line names the file


def main():
    plumb, tmpdir, paths = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3:]
    tmpdir.mkdir(parents=True, exist_ok=True)
    files = []
    for p in map(pathlib.Path, paths):
        files += sorted(p.rglob("*.pipe")) if p.is_dir() else [p]
    checked = failures = 0
    for path in files:
        original = ast_of(plumb, path)
        if original is None:
            continue
        once = run([plumb, "fmt", "-"], path.read_bytes())
        if once.returncode != 0:
            print(f"FAIL {path}: fmt failed: {once.stderr.decode().strip()}")
            failures += 1
            continue
        twice = run([plumb, "fmt", "-"], once.stdout)
        if twice.stdout != once.stdout:
            print(f"FAIL {path}: not idempotent")
            failures += 1
        # `--emit ast` only parses (imports are not resolved): any folder will do.
        copy = tmpdir / f"{checked}" / path.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(once.stdout)
        if ast_of(plumb, copy) != original:
            print(f"FAIL {path}: the syntax tree changed")
            failures += 1
        checked += 1
    print(f"checked {checked} files, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
