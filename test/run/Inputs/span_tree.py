"""Reads a Chrome trace written by `plumb run --trace-out` and prints its span tree, one span
per line, indented under its parent, so FileCheck can check structure: names, parentage, counts
and chosen attributes (never times). Siblings are sorted by line, item index and name, so the
output does not depend on thread scheduling. It also asserts what must hold for every trace:
span ids are unique, every parent exists, exactly one root, and a child lies within its parent's
time range. The root's parent may lie outside the trace (a run started with a traceparent).

With --events, the span events (`trace.event`, instant events in the trace) follow their span,
as `* NAME key=value...` with every attribute.

usage: span_tree.py TRACE.json [--attrs a,b,c] [--collapse-items] [--events]
"""
import argparse
import collections
import json
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("trace")
    parser.add_argument("--attrs", default="", help="attributes to print after each name")
    parser.add_argument("--collapse-items", action="store_true",
                        help="print one line per map with the number of item spans")
    parser.add_argument("--events", action="store_true", help="print span events under spans")
    options = parser.parse_args()
    wanted = [a for a in options.attrs.split(",") if a]

    with open(options.trace) as f:
        trace = json.load(f)
    events = [e for e in trace if e.get("ph") == "X"]
    instants = collections.defaultdict(list)
    for e in trace:
        if e.get("ph") == "i":
            instants[e["args"]["span_id"]].append(e)
    by_id = {}
    for e in events:
        span_id = e["args"]["span_id"]
        if span_id in by_id:
            sys.exit(f"duplicate span id {span_id}")
        by_id[span_id] = e
    for span_id in instants:
        if span_id not in by_id:
            sys.exit(f"an event belongs to no span ({span_id})")
    children = collections.defaultdict(list)
    roots = []
    for e in events:
        parent = e["args"].get("parent_id")
        if parent is None or parent not in by_id:
            roots.append(e)  # the run span, whose parent may be the caller's (traceparent)
            continue
        p = by_id[parent]
        slack = 1.0  # microseconds of rounding in the Chrome format
        if e["ts"] + slack < p["ts"] or e["ts"] + e["dur"] > p["ts"] + p["dur"] + slack:
            sys.exit(f"span {e['name']} is not within its parent {p['name']}")
        children[parent].append(e)
    if len(roots) != 1:
        sys.exit(f"expected one root span, found {len(roots)}")

    def order(e):
        a = e["args"]
        return (a.get("code.line.number", 0), a.get("plumb.item.index", -1),
                a.get("plumb.iteration", -1), e["name"])

    def label(e):
        parts = [e["name"]]
        for key in wanted:
            if key in e["args"]:
                parts.append(f"{key}={json.dumps(e['args'][key])}")
        if e["args"].get("error"):
            parts.append(f"ERROR {e['args'].get('exception.type')}: {e['args'].get('exception.message')}")
        return " ".join(parts)

    def show(e, depth):
        print("  " * depth + label(e))
        if options.events:
            for i in sorted(instants[e["args"]["span_id"]], key=lambda i: i["ts"]):
                if not e["ts"] - 1.0 <= i["ts"] <= e["ts"] + e["dur"] + 1.0:
                    sys.exit(f"event {i['name']} is not within its span {e['name']}")
                attrs = " ".join(f"{k}={json.dumps(v)}" for k, v in i["args"].items() if k != "span_id")
                print("  " * (depth + 1) + f"* {i['name']} {attrs}".rstrip())
        kids = sorted(children[e["args"]["span_id"]], key=order)
        if options.collapse_items:
            items = [k for k in kids if "plumb.item.index" in k["args"]]
            if items:
                print("  " * (depth + 1) + f"{items[0]['name']} x{len(items)}")
                for k in items[:1]:
                    for grandchild in sorted(children[k["args"]["span_id"]], key=order):
                        show(grandchild, depth + 2)
                kids = [k for k in kids if "plumb.item.index" not in k["args"]]
        for k in kids:
            show(k, depth + 1)

    show(roots[0], 0)
    print(f"spans: {len(events)}")


if __name__ == "__main__":
    main()
