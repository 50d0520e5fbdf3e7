#!/usr/bin/env python3
# Enforces what compiler/diag/kinds.def promises: every diagnostic kind has a test named
# fail_<kind>.pipe (or .test) in test/check/ or test/parse/, and that test checks a message
# tagged with `[<kind>]`. Also rejects fail_* tests whose name starts with no known kind.
# Usage: kinds_have_tests.py SOURCE_ROOT
import pathlib
import re
import sys


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    kinds_def = (root / "compiler/diag/kinds.def").read_text(encoding="utf-8")
    kinds = re.findall(r'^PLUMB_DIAG\(\s*\w+\s*,\s*"([a-z0-9-]+)"', kinds_def, re.M)
    if not kinds:
        print("kinds_have_tests: no PLUMB_DIAG entries found in kinds.def")
        return 1
    folders = [root / "test/check", root / "test/parse"]
    tests = [p for folder in folders for p in folder.glob("fail_*") if p.suffix in (".pipe", ".test")]
    problems = []
    for kind in kinds:
        found = [p for p in tests if p.stem == "fail_" + kind]
        if not found:
            problems.append(f"kind `{kind}` has no test: add test/check/fail_{kind}.pipe")
            continue
        text = found[0].read_bytes().decode("utf-8", "replace")
        if not re.search(r"^# CHECK.*\[" + re.escape(kind) + r"\]", text, re.M):
            problems.append(f"{found[0].relative_to(root)} does not check a `[{kind}]` message")
    longest_first = sorted(kinds, key=len, reverse=True)
    for test in tests:
        name = test.stem[len("fail_"):]
        if not any(name == k or name.startswith(k + "_") for k in longest_first):
            problems.append(f"{test.relative_to(root)} is named after no diagnostic kind")
    for problem in problems:
        print("kinds_have_tests: " + problem)
    if not problems:
        print(f"kinds_have_tests: all {len(kinds)} kinds have a test")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
