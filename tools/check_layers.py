#!/usr/bin/env python3
"""tools/check_layers.py — checks that no #include reaches up a layer or into another folder's
private header (docs/architecture.md, "Layers"). Every source folder has a rank; a file may
include headers of its own folder and of folders with a lower rank, never of a folder with the
same or a higher rank. Public headers (<plumb/...>) count as part of the folder that defines
what they declare. A header whose name ends in `_impl.hpp` is private to its folder: no file
elsewhere (tests and benchmarks included) includes it. Prints each violation as file:line and
exits 1 when there is any. Usage: tools/check_layers.py [ROOT]
"""
import pathlib
import re
import sys

# Bottom to top. Folders on one line share a rank and may not include each other.
LAYERS = [
    ["base/invariant"],
    ["base/loader", "base/retry"],
    ["base/curl", "base/http_server", "base/value"],
    ["base/stage", "base/http"],
    ["compiler/diag"],
    ["compiler/ast"],
    ["compiler/parse"],
    ["compiler/check", "compiler/format"],
    ["compiler/ir"],
    ["compiler/lower"],
    ["compiler/passes"],
    ["compiler/driver"],
    ["compiler/lsp"],
    ["runtime/telemetry", "stdlib"],
    ["runtime/exec"],
    ["runtime/jit", "runtime/store"],
    ["runtime/api"],
    ["tools", "python"],
]
PUBLIC_HEADERS = {
    "value.hpp": "base/value", "type.hpp": "base/value", "json.hpp": "base/value",
    "error.hpp": "base/value", "stage.hpp": "base/stage", "span.hpp": "base/stage",
    "observer.hpp": "runtime/exec", "result.hpp": "runtime/exec", "cancel.hpp": "runtime/exec",
    "node_site.hpp": "runtime/telemetry", "store.hpp": "runtime/store", "plumb.hpp": "runtime/api",
}
PRIVATE_SUFFIX = "_impl.hpp"
# Trees outside the layers whose includes are checked for private headers only.
UNLAYERED = ("test", "bench", "examples")
RANK = {folder: rank for rank, folders in enumerate(LAYERS) for folder in folders}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def folder_of(path: str):
    """The layer folder a repository path belongs to, or None outside the layered tree."""
    for folder in sorted(RANK, key=len, reverse=True):
        if path == folder or path.startswith(folder + "/"):
            return folder
    if path.startswith("base/include/plumb/"):
        return PUBLIC_HEADERS.get(path.rsplit("/", 1)[1])
    if path.startswith("runtime/include/plumb/"):
        return PUBLIC_HEADERS.get(path.rsplit("/", 1)[1])
    return None


def includes(path: pathlib.Path):
    """(line number, bracket, target) of each #include of a file."""
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        match = INCLUDE.match(line)
        if match:
            yield number, match.group(1), match.group(2)


def source_files(root: pathlib.Path, top: str):
    for path in sorted((root / top).rglob("*")):
        if path.suffix in (".cpp", ".hpp", ".h", ".def") and path.is_file():
            yield path, path.relative_to(root).as_posix()


def private_violation(relative: str, number: int, bracket: str, target: str):
    """The message for an include of another folder's private header, or None."""
    if bracket != '"' or not target.endswith(PRIVATE_SUFFIX):
        return None
    if target.rsplit("/", 1)[0] == relative.rsplit("/", 1)[0]:
        return None
    return f"{relative}:{number}: includes {target}, a header private to its folder"


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1])
    violations = []
    for top in UNLAYERED:
        for path, relative in source_files(root, top):
            for number, bracket, target in includes(path):
                violation = private_violation(relative, number, bracket, target)
                if violation:
                    violations.append(violation)
    for top in ("base", "compiler", "runtime", "stdlib", "tools", "python"):
        for path, relative in source_files(root, top):
            own = folder_of(relative)
            if own is None:
                continue
            for number, bracket, target in includes(path):
                violation = private_violation(relative, number, bracket, target)
                if violation:
                    violations.append(violation)
                    continue
                if bracket == "<":
                    if not target.startswith("plumb/"):
                        continue
                    other = PUBLIC_HEADERS.get(target.split("/", 1)[1])
                else:
                    other = folder_of(target)
                if other is None or other == own:
                    continue
                if RANK[other] >= RANK[own]:
                    violations.append(f"{relative}:{number}: {own} includes {target} ({other}), "
                                      "which is not below it")
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} include(s) reach up or across a layer or into a private header",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
