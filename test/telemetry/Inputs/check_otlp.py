"""Checks recorded OTLP requests (otlp_receiver.py --out) against the OTLP/JSON mapping and
prints a summary for FileCheck of the accepted ones (status 200): one line per span (`name parent=<name|-> [error]`, sorted),
then the log records (`log <level> <message> trace=<ok|bad> span=<the name of the span it
names, or ?>`), one line per metric of the
last accepted metrics request (`metric <name> <sum|gauge|histogram> points=N`, sorted),
`requests: N` and `spans: N`. Options: --partial (see below), --content-type TYPE (what
every request must have been sent as; default application/json).

Checked: lowercase hex ids of the right length, 64-bit integers as decimal strings, integer
span kind and status code, every parentSpanId naming a span of the same trace (except the
root, which has none; not with --partial), one trace id, log records correlated to a span of that trace."""
import json
import re
import sys

requests = json.load(open(sys.argv[1]))
partial = "--partial" in sys.argv[2:]  # spans were dropped: parents may be missing
content_type = "application/json"
if "--content-type" in sys.argv[2:]:
    content_type = sys.argv[sys.argv.index("--content-type") + 1]
spans, logs, metrics = [], [], []
for r in requests:
    body = r["body"]
    headers = {key.lower(): value for key, value in r["headers"].items()}
    assert headers.get("content-type") == content_type, r["headers"]
    if r["status"] != 200:
        continue  # refused: the exporter sends it again or gives it up
    for rm in body.get("resourceMetrics", []):
        metrics = [m for sm in rm["scopeMetrics"] for m in sm.get("metrics", [])]
    for rs in body.get("resourceSpans", []):
        attrs = {a["key"]: a["value"] for a in rs["resource"]["attributes"]}
        assert "stringValue" in attrs["service.name"], attrs
        for ss in rs["scopeSpans"]:
            spans.extend(ss["spans"])
    for rl in body.get("resourceLogs", []):
        for sl in rl["scopeLogs"]:
            logs.extend(sl["logRecords"])

hex32, hex16, digits = re.compile(r"^[0-9a-f]{32}$"), re.compile(r"^[0-9a-f]{16}$"), re.compile(r"^[0-9]+$")
by_id = {}
for s in spans:
    assert hex32.match(s["traceId"]), s["traceId"]
    assert hex16.match(s["spanId"]), s["spanId"]
    assert "parentSpanId" not in s or hex16.match(s["parentSpanId"]), s
    assert isinstance(s["kind"], int) and s["kind"] == 1, s["kind"]
    for key in ("startTimeUnixNano", "endTimeUnixNano"):
        assert isinstance(s[key], str) and digits.match(s[key]), s[key]
    for a in s["attributes"]:
        if "intValue" in a["value"]:
            assert isinstance(a["value"]["intValue"], str), a
    if "status" in s:
        assert s["status"]["code"] == 2, s["status"]
    by_id[s["spanId"]] = s
traces = {s["traceId"] for s in spans}
assert len(traces) <= 1, traces
roots = [s for s in spans if "parentSpanId" not in s]
lines = []
for s in spans:
    parent = by_id.get(s.get("parentSpanId"))
    assert partial or parent is not None or s in roots, f"span {s['name']} has a parent not exported"
    error = " error" if "status" in s else ""
    lines.append(f"{s['name']} parent={parent['name'] if parent else '-'}{error}")
for line in sorted(lines):
    print(line)
for log in logs:
    ok = log.get("traceId") in traces and log.get("spanId") is not None
    assert isinstance(log["timeUnixNano"], str)
    span = by_id.get(log.get("spanId"), {}).get("name", "?")
    print(f"log {log['severityText']} {log['body']['stringValue']} trace={'ok' if ok else 'bad'} span={span}")
for m in sorted(metrics, key=lambda m: m["name"]):
    kind = next(k for k in ("sum", "gauge", "histogram") if k in m)
    points = m[kind]["dataPoints"]
    for p in points:
        if kind == "histogram":
            assert int(p.get("count", "0")) == sum(int(c) for c in p["bucketCounts"]), p
            assert len(p["bucketCounts"]) == len(p["explicitBounds"]) + 1, p
        else:
            assert "asDouble" in p, p
        assert digits.match(p["timeUnixNano"]), p
    if kind != "gauge":
        assert m[kind]["aggregationTemporality"] == 2, m
    print(f"metric {m['name']} {kind} points={len(points)}")
print(f"requests: {len(requests)}")
print(f"spans: {len(spans)}")
