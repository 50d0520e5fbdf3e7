"""Checks that a run's trace has a span for every node of the entry pipeline.

Usage: span_per_node.py RUN... -- TRACE FILE [ARG...]
RUN is the run command (lit's `%run`: `plumb run --backend B`). Reads the optimised graph of
FILE (`plumb graph --format json`), runs FILE with ARGs and `--trace-out TRACE`, and prints how many of the entry pipeline's nodes (all but parameters,
constants and the return) have a span of the same name; lists the ones without and exits 1.
"""
import json
import subprocess
import sys


def main():
    split = sys.argv.index("--")
    run = sys.argv[1:split]
    trace, path, *args = sys.argv[split + 1:]
    plumb = run[0]
    graph = json.loads(subprocess.run([plumb, "graph", path, "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)
    entry = next(r["id"] for r in graph["regions"]
                 if r["parent"] is None and r["label"] == "pipeline @main")
    expected = sorted({n["name"] for n in graph["nodes"]
                       if n["region"] == entry and n["kind"] not in ("param", "const", "return")})
    subprocess.run([*run, path, *args, "--trace-out", trace, "--no-summary"], check=True,
                   stdout=subprocess.DEVNULL)
    with open(trace) as f:
        spans = {e["name"] for e in json.load(f) if e.get("ph") == "X"}
    missing = [name for name in expected if name not in spans]
    name = path.rsplit("/", 1)[-1]
    if missing:
        print(f"{name}: no span for {', '.join(missing)}")
        return 1
    print(f"{name}: {len(expected)} nodes, a span for each")
    return 0


if __name__ == "__main__":
    sys.exit(main())
