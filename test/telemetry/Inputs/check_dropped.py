"""Checks that a run's spans are all accounted for when a network exporter drops some:

  check_dropped.py REQUESTS.json STDERR TOTAL

REQUESTS.json is otlp_receiver.py's record, STDERR what `plumb run --summary` printed. The
spans the receiver accepted plus those the `plumb: warning: N spans were dropped (REASON)`
lines count must be TOTAL, and the summary's `N dropped` must be the drops reported at the
run's end. Prints `accounted: TOTAL`, then each reason once, sorted."""
import json
import re
import sys

requests = json.load(open(sys.argv[1]))
stderr = open(sys.argv[2]).read()
total = int(sys.argv[3])
received = sum(len(ss["spans"]) for r in requests if r["status"] == 200
               for rs in r["body"].get("resourceSpans", []) for ss in rs["scopeSpans"])
drops = {}
for count, reason in re.findall(r"plumb: warning: ([0-9,]+) spans? (?:was|were) dropped \(([^)]+)\)",
                                stderr):
    drops[reason] = drops.get(reason, 0) + int(count.replace(",", ""))
dropped = sum(drops.values())
if received + dropped != total:
    sys.exit(f"received {received} + dropped {dropped} is not {total}: {drops}")
summary = re.search(r"\(([0-9]+) spans, ([0-9]+) dropped\)", stderr)
at_run_end = drops.get("exporter queue full", 0) + drops.get("span buffer full", 0)
if not summary or int(summary.group(1)) != total or int(summary.group(2)) != at_run_end:
    sys.exit(f"the summary does not show {total} spans, {at_run_end} dropped:\n{stderr}")
print("accounted:", total)
for reason in sorted(drops):
    print("reason:", reason)
