"""Runs `plumb run` against a real monitoring server started for the test on free loopback
ports, and prints what the server received, for FileCheck. Every process it starts is
stopped before it exits, also on failure.

  servers.py prometheus  WORKDIR PLUMB PIPE  # Prometheus scrapes a running `plumb run`
  servers.py pushgateway WORKDIR PLUMB PIPE  # `plumb run --push-gateway`
  servers.py victoria    WORKDIR PLUMB PIPE  # `plumb run --influx-url` into VictoriaMetrics
"""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

started = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args, log):
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    started.append(process)
    return process


def get(url, headers=None, timeout=5):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.headers.get("Content-Type"), response.read().decode()


def wait_for(what, check, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"servers.py: timed out waiting for {what}")
        time.sleep(0.25)


def query(base, promql):
    _, _, body = get(f"{base}/api/v1/query?query={urllib.parse.quote(promql)}")
    result = json.loads(body)["data"]["result"]
    return sorted(json.dumps(r["metric"], sort_keys=True) for r in result)


def prometheus(work, plumb, pipe):
    metrics_port, prom_port = free_port(), free_port()
    target = f"http://127.0.0.1:{metrics_port}"
    run = start([plumb, "run", pipe, "--metrics-port", str(metrics_port), "--no-summary"],
                open(os.path.join(work, "plumb.log"), "w"))
    wait_for("plumb's /metrics", lambda: "plumb_node_runs_total" in get(target + "/metrics")[2])
    status, content_type, text = get(target + "/metrics")
    print(f"text: {status} {content_type}")
    with open(os.path.join(work, "metrics.txt"), "w") as out:
        out.write(text)
    check = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                           capture_output=True)
    print(f"promtool check metrics: exit {check.returncode} {check.stdout}{check.stderr}".strip())
    _, content_type, om = get(target + "/metrics",
                              {"Accept": "application/openmetrics-text;version=1.0.0"})
    print(f"openmetrics: {content_type} eof={om.endswith('# EOF' + chr(10))}")
    _, content_type, health = get(target + "/health")
    health = json.loads(health)
    print(f"health: {content_type} status={health['status']} active_runs={health['active_runs']}")
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as out:
        out.write("global:\n  scrape_interval: 1s\nscrape_configs:\n"
                  f"  - job_name: plumb\n    static_configs:\n      - targets: ['127.0.0.1:{metrics_port}']\n")
    base = f"http://127.0.0.1:{prom_port}"
    start(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={work}/tsdb",
           f"--web.listen-address=127.0.0.1:{prom_port}"], open(os.path.join(work, "prometheus.log"), "w"))
    series = wait_for("plumb_node_runs_total in Prometheus",
                      lambda: query(base, 'plumb_node_runs_total{node="warmup"}'), 60)
    for s in series:
        print("prometheus:", s)
    up = wait_for("the up series", lambda: query(base, 'up{job="plumb"} == 1'))
    print(f"up: {len(up)}")
    run.terminate()


def pushgateway(work, plumb, pipe):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start(["prometheus-pushgateway", f"--web.listen-address=127.0.0.1:{port}"],
          open(os.path.join(work, "pushgateway.log"), "w"))
    wait_for("the pushgateway", lambda: get(base + "/-/ready")[0] == 200)
    status = subprocess.call([plumb, "run", pipe, "--push-gateway", base,
                              "--push-job", "nightly build", "--no-summary"])
    print(f"plumb: exit {status}")
    _, _, text = get(base + "/metrics")
    for line in sorted(text.splitlines()):
        if line.startswith("plumb_node_runs_total") or line.startswith("plumb_pipeline_runs_total"):
            print("pushgateway:", line)


def victoria(work, plumb, pipe):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start(["victoria-metrics", f"-httpListenAddr=127.0.0.1:{port}",
           f"-storageDataPath={work}/vm", "-influxSkipSingleField", "-search.latencyOffset=0s"],
          open(os.path.join(work, "victoria.log"), "w"))
    wait_for("victoria-metrics", lambda: get(base + "/health")[0] == 200)
    status = subprocess.call([plumb, "run", pipe, "--influx-url", base, "--no-summary"])
    print(f"plumb: exit {status}")

    def found():
        get(base + "/internal/force_flush")
        return query(base, "plumb_node_runs_total")

    for s in wait_for("plumb_node_runs_total in VictoriaMetrics", found):
        print("victoria:", s)
    for s in wait_for("the duration histogram", lambda: query(base, "plumb_pipeline_duration_seconds_count")):
        print("victoria:", s)
    buckets = wait_for("the duration buckets",
                       lambda: query(base, "count by (le) (plumb_pipeline_duration_seconds_bucket)"))
    bounds = sorted((json.loads(b)["le"] for b in buckets),
                    key=lambda le: float(le.replace("+Inf", "inf")))
    print("victoria: le", " ".join(bounds))


def main():
    mode, work, plumb, pipe = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    try:
        {"prometheus": prometheus, "pushgateway": pushgateway, "victoria": victoria}[mode](work, plumb, pipe)
    finally:
        for process in started:
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    sys.stdout.flush()


main()
