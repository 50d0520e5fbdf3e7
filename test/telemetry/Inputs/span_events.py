"""Prints the attributes a program set and the events it added, per span, from an OTLP JSON
Lines file (--otlp-file): `span NAME key=value...` for the spans that have any, then
`  event NAME key=value... within=<event time inside its span>`. plumb's own attributes
(plumb.*, code.*) are left out."""
import json
import sys


def value(v):
    return next(iter(v.values()))


spans = []
for line in open(sys.argv[1]):
    for rs in json.loads(line)["resourceSpans"]:
        for ss in rs["scopeSpans"]:
            spans.extend(ss["spans"])
for span in sorted(spans, key=lambda s: s["name"]):
    own = [a for a in span["attributes"] if not a["key"].startswith(("plumb.", "code."))]
    events = span.get("events", [])
    if not own and not events:
        continue
    print("span", span["name"], " ".join(f"{a['key']}={value(a['value'])}" for a in own))
    for e in events:
        t = int(e["timeUnixNano"])
        within = int(span["startTimeUnixNano"]) <= t <= int(span["endTimeUnixNano"])
        attrs = " ".join(f"{a['key']}={value(a['value'])}" for a in e["attributes"])
        print("  event", e["name"], attrs, f"within={within}")
