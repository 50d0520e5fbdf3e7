#!/usr/bin/env python3
"""tools/check_doc_refs.py — checks that every reference to a section of the repository's docs
names a section that exists, so that comments and docs cannot cite a stale one. It reads the
docs, README.md and every source, test, benchmark and build file, and resolves:
  - `docs/X.md §N` (also `X.md §N`, `[x](X.md) §N`, `§N–M`): X.md has a heading `N. ...`;
  - `X.md, "Heading"`, `X.md, *Heading*`: X.md has that heading (compared without backticks
    and emphasis); `X.md §N, "Heading"`: §N is that heading or has it as a subsection;
  - `docs/X.md#anchor`, `[x](X.md#anchor)`: X.md has a heading with that GitHub anchor;
  - `[x](path)` in Markdown: the file exists;
  - `LANGUAGE.md`, `STDLIB.md`, `ARCHITECTURE.md`: the design notes outside the repository,
    which readers of the repository do not have; cite the repository's own docs instead.
Prints each broken reference as file:line and exits 1 when there is any.
Usage: tools/check_doc_refs.py [ROOT]
"""
import pathlib
import re
import subprocess
import sys

SCANNED_SUFFIXES = {".md", ".cpp", ".hpp", ".h", ".py", ".pipe", ".test", ".txt", ".cmake",
                    ".sh", ".def", ".in"}
OUTSIDE_DOCS = re.compile(r"\b(LANGUAGE|STDLIB|ARCHITECTURE)\.md\b")
DOC = r"(?P<doc>(?:docs/)?[A-Za-z0-9_-]+\.md)"
NUMBERED = re.compile(DOC + r"\)?,? ?§ ?(?P<first>\d+)(?:[–-](?P<last>\d+))?"
                      r"(?:,? (?P<quote>[\"*])(?P<title>[^\"*\n]{1,80})(?P=quote))?")
TITLED = re.compile(DOC + r"\)?, (?P<quote>[\"*])(?P<title>[^\"*\n]{1,80})(?P=quote)")
ANCHORED = re.compile(r"(?:\]\(|\bdocs/)(?P<doc>[A-Za-z0-9_./-]*\.md)#(?P<anchor>[A-Za-z0-9_-]+)")
LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)\s]*)?\)")
# This script, and the test of it whose references are broken on purpose.
SKIPPED = ("tools/check_doc_refs.py", "test/cli/doc_refs.test", "test/cli/Inputs/doc_refs/")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


def plain(title: str) -> str:
    return re.sub(r"[`*_]", "", title).strip()


def anchor(title: str) -> str:
    text = re.sub(r"[^\w\- ]", "", plain(title).lower())
    return text.replace(" ", "-")


class Docs:
    def __init__(self, root: pathlib.Path):
        self.root = root
        self.headings = {}

    def find(self, name: str, near: pathlib.Path):
        for candidate in (near.parent / name, self.root / name, self.root / "docs" / name):
            if candidate.is_file():
                return candidate.resolve()
        return None

    def titles(self, path: pathlib.Path):
        if path not in self.headings:
            titles, fenced = [], False
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("```"):
                    fenced = not fenced
                match = HEADING.match(line)
                if match and not fenced:
                    titles.append(match.group(2))
            self.headings[path] = titles
        return self.headings[path]

    def has_number(self, path, number):
        return any(re.match(rf"{number}\.\s", title) for title in self.titles(path))

    def has_title(self, path, title):
        wanted = plain(title)
        return any(re.sub(r"^\d+\.\s+", "", plain(t)) == wanted for t in self.titles(path))

    def has_numbered_title(self, path, number, title):
        # `§5, "Order of effects"`: a subsection of §5, or §5 itself.
        wanted, inside = plain(title), False
        for t in self.titles(path):
            numbered = re.match(r"(\d+)\.\s", t)
            if numbered:
                inside = numbered.group(1) == number
            if inside and re.sub(r"^\d+\.\s+", "", plain(t)) == wanted:
                return True
        return False

    def has_anchor(self, path, name):
        return any(anchor(t) == name for t in self.titles(path))


def joined(path: pathlib.Path, text: str) -> list:
    """The text with comment continuations joined, and the line each offset came from."""
    lines = text.split("\n")
    continuation = r"\s*(?://+|#+(?!#)|\*|--)?\s*" if path.suffix != ".md" else r"\s*"
    out, origin = [], []
    for number, line in enumerate(lines, 1):
        if out:
            stripped = re.sub("^" + continuation, "", line)
            out.append(" ")
            origin.append(number)
            line = stripped
        out.append(line)
        origin.extend([number] * len(line))
    return "".join(out), origin


def check_file(path: pathlib.Path, docs: Docs, root: pathlib.Path) -> list:
    problems = []
    raw = path.read_text(encoding="utf-8", errors="replace")
    text, origin = joined(path, raw)
    where = lambda offset: f"{path.relative_to(root)}:{origin[min(offset, len(origin) - 1)]}"

    for match in OUTSIDE_DOCS.finditer(text):
        problems.append(f"{where(match.start())}: `{match.group(0)}` is not in the repository; "
                        "cite docs/*.md")
    for match in NUMBERED.finditer(text):
        target = docs.find(match.group("doc"), path)
        if target is None:
            if not OUTSIDE_DOCS.search(match.group("doc")):
                problems.append(f"{where(match.start())}: no document {match.group('doc')}")
            continue
        for number in filter(None, (match.group("first"), match.group("last"))):
            if not docs.has_number(target, number):
                problems.append(f"{where(match.start())}: {match.group('doc')} has no §{number}")
        title, last = match.group("title"), match.group("last") or match.group("first")
        if title and not docs.has_numbered_title(target, last, title):
            problems.append(f"{where(match.start())}: {match.group('doc')} §{last} has no "
                            f"section \"{title}\"")
    for match in TITLED.finditer(text):
        target = docs.find(match.group("doc"), path)
        if target is None:
            if not OUTSIDE_DOCS.search(match.group("doc")):
                problems.append(f"{where(match.start())}: no document {match.group('doc')}")
        elif not docs.has_title(target, match.group("title")):
            problems.append(f"{where(match.start())}: {match.group('doc')} has no section "
                            f"\"{match.group('title')}\"")
    for match in ANCHORED.finditer(text):
        target = docs.find(match.group("doc"), path)
        if target is None:
            problems.append(f"{where(match.start())}: no document {match.group('doc')}")
        elif not docs.has_anchor(target, match.group("anchor")):
            problems.append(f"{where(match.start())}: {match.group('doc')} has no heading "
                            f"#{match.group('anchor')}")
    if path.suffix == ".md":
        for match in LINK.finditer(text):
            link = match.group("target")
            if re.match(r"[a-z]+:", link) or link.startswith("/"):
                continue
            if not (path.parent / link).exists():
                problems.append(f"{where(match.start())}: the link {link} leads nowhere")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True)
    listed = subprocess.run(["git", "-C", str(root), "ls-files"], capture_output=True, text=True)
    if top.returncode == 0 and pathlib.Path(top.stdout.strip()).resolve() == root:
        files = [root / name for name in listed.stdout.splitlines()]
    else:  # a source tree without git (an unpacked archive)
        files = [p for p in root.rglob("*")
                 if not {".git", "build"} & set(p.relative_to(root).parts)]
    docs = Docs(root)
    problems = []
    for path in sorted(files):
        relative = path.relative_to(root).as_posix()
        if (path.suffix in SCANNED_SUFFIXES and path.is_file()
                and not any(relative.startswith(skip) for skip in SKIPPED)):
            problems.extend(check_file(path, docs, root))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} broken documentation references")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
