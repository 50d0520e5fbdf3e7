#!/usr/bin/env python3
"""Serves a URL that fails with 503 and `Retry-After: 1` once, then answers 200, and runs a
pipeline against it. Usage: retry_after.py PIPE ENTRY -- PLUMB-RUN-COMMAND...

Prints the run's exit code and stdout, the number of requests, and whether the second request
came at least a second after the first."""
import http.server
import subprocess
import sys
import threading
import time

TIMES = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        TIMES.append(time.monotonic())
        if len(TIMES) == 1:
            body, status = b"busy", 503
        else:
            body, status = b'{"ok": true}', 200
        self.send_response(status)
        if status == 503:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    pipe, entry = sys.argv[1], sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/flaky" % server.server_address[1]
    run = subprocess.run(command + [pipe, "--entry", entry, "--arg", "url=" + url, "--no-summary"],
                         capture_output=True, text=True, timeout=60)
    server.shutdown()
    print("exit:", run.returncode)
    print("stdout:", run.stdout.strip())
    print("requests:", len(TIMES))
    if len(TIMES) > 1:
        print("waited for Retry-After:", TIMES[1] - TIMES[0] >= 0.95)


if __name__ == "__main__":
    main()
