#!/usr/bin/env python3
"""Checks that a child run joined its parent's trace. Usage: check_nested.py PARENT CHILD RESULT

PARENT and CHILD are OTLP JSON Lines files; RESULT is the parent's printed result (the child's
TRACEPARENT and BAGGAGE). Prints one fact per line."""
import json
import sys


def spans(path):
    for line in open(path):
        for resource in json.loads(line)["resourceSpans"]:
            for scope in resource["scopeSpans"]:
                yield from scope["spans"]


def main():
    parent = list(spans(sys.argv[1]))
    child = list(spans(sys.argv[2]))
    result = json.load(open(sys.argv[3]))
    parent_run = next(s for s in parent if "parentSpanId" not in s)
    caller = next(s for s in parent if s["name"] == "nested")
    child_run = next(s for s in child if s["name"] == "main")
    print("child trace is the parent's:", child_run["traceId"] == parent_run["traceId"])
    print("child run span's parent:",
          next(s["name"] for s in parent if s["spanId"] == child_run.get("parentSpanId")))
    print("every child span in that trace:", all(s["traceId"] == parent_run["traceId"] for s in child))
    print("TRACEPARENT names the calling node:",
          result["traceparent"] == "00-%s-%s-01" % (caller["traceId"], caller["spanId"]))
    print("BAGGAGE:", result["baggage"])


if __name__ == "__main__":
    main()
