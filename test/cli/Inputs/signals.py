#!/usr/bin/env python3
"""Sends signals to a real `plumb run` and reports what happened, one fact per line.

Usage: signals.py PLUMB PIPE DIR SIGNAL [--twice] [--ignore-term]

Starts `plumb run PIPE --trace-out DIR/trace.json --otlp-file DIR/spans.jsonl` in its own
session, waits until the pipeline's child process wrote its pid, sends SIGNAL (INT, TERM or
HUP), and with --twice sends it again as soon as plumb says it is cancelling. Then prints the
exit code, plumb's stderr, whether each file is valid, the run span's status in the OTLP file,
and whether the child and the grandchild processes are gone.
"""
import json
import os
import signal
import subprocess
import sys
import time


def alive(pid):
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("State:"):
                    return not line.split()[1].startswith("Z")
    except FileNotFoundError:
        return False
    return False


def wait_for(path, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path) and open(path).read().strip():
            return int(open(path).read())
        time.sleep(0.02)
    sys.exit("timed out waiting for " + path)


def main():
    plumb, pipe, folder, name = sys.argv[1:5]
    twice = "--twice" in sys.argv
    ignore_term = "--ignore-term" in sys.argv
    sig = getattr(signal, "SIG" + name)
    os.makedirs(folder, exist_ok=True)
    trace, spans = os.path.join(folder, "trace.json"), os.path.join(folder, "spans.jsonl")
    command = [plumb, "run", pipe, "--arg", "dir=" + folder, "--trace-out", trace,
               "--otlp-file", spans, "--no-summary"]
    if ignore_term:
        command += ["--arg", "ignore_term=true"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    child = wait_for(os.path.join(folder, "child.pid"), 30)
    grandchild = wait_for(os.path.join(folder, "grandchild.pid"), 30)
    process.send_signal(sig)
    stderr = b""
    if twice:
        while b"cancelling" not in stderr:
            byte = os.read(process.stderr.fileno(), 1)  # unbuffered: communicate() reads the rest
            if not byte:
                break
            stderr += byte
        process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        sys.exit("plumb did not exit within 30 s of the signal")
    stderr += err
    print("exit:", process.returncode)
    print("stdout:", repr(out.decode()))
    for line in stderr.decode().splitlines():
        print("stderr:", line)
    # Processes killed by a signal are reaped by whoever inherited them: give it a moment.
    deadline = time.monotonic() + 5
    while (alive(child) or alive(grandchild)) and time.monotonic() < deadline:
        time.sleep(0.05)
    print("child alive:", alive(child))
    print("grandchild alive:", alive(grandchild))
    try:
        events = json.load(open(trace))
        print("trace.json: valid,", sum(1 for e in events if e.get("ph") == "X"), "spans")
    except (OSError, ValueError) as error:
        print("trace.json: invalid:", type(error).__name__)
    try:
        text = open(spans).read()
        lines = [json.loads(line) for line in text.splitlines()]
        print("spans.jsonl: valid, ends with a newline:", text.endswith("\n"))
        for request in lines:
            for resource in request["resourceSpans"]:
                for scope in resource["scopeSpans"]:
                    for span in scope["spans"]:
                        if "parentSpanId" not in span:
                            print("run span:", span["name"], "status", span["status"].get("code"),
                                  span["status"].get("message", ""))
    except (OSError, ValueError) as error:
        print("spans.jsonl: invalid:", type(error).__name__)


if __name__ == "__main__":
    main()
