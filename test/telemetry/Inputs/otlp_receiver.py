"""A local OTLP/HTTP receiver for tests, run around a command:

  otlp_receiver.py --out REQUESTS.json [--script 503,200] [--hang] [--max-seconds N] -- CMD...

Starts an HTTP server on a free loopback port, replaces `{endpoint}` in CMD with its base URL,
runs CMD, then writes every POST it received (path, the status it got (0: none), headers,
parsed JSON body) to --out and
exits with CMD's status. --script gives the status of each successive POST (the last one
repeats; 503 replies carry `Retry-After: 0`); --hang never answers; --down gives CMD the URL
of a port nothing listens on. --max-seconds fails when CMD takes longer."""
import argparse
import http.server
import json
import socket
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--script", default="200")
parser.add_argument("--hang", action="store_true")
parser.add_argument("--down", action="store_true")
parser.add_argument("--max-seconds", type=float, default=60)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command
statuses = [int(s) for s in args.script.split(",")]
received = []
lock = threading.Lock()
release = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with lock:
            index = len(received)
            status = 0 if args.hang else statuses[min(index, len(statuses) - 1)]
            received.append({"path": self.path, "status": status, "headers": dict(self.headers),
                             "body": json.loads(body)})
        if args.hang:
            release.wait()
            return
        reply = b"{}"
        self.send_response(status)
        if status == 503:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *_):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
port = free_port() if args.down else server.server_address[1]
endpoint = f"http://127.0.0.1:{port}"
command = [part.replace("{endpoint}", endpoint) for part in command]
start = time.monotonic()
try:
    status = subprocess.call(command)
finally:
    elapsed = time.monotonic() - start
    release.set()
    server.shutdown()
    server.server_close()
with open(args.out, "w") as out:
    json.dump(received, out, indent=1)
if elapsed > args.max_seconds:
    sys.stderr.write(f"otlp_receiver.py: the command took {elapsed:.1f}s, more than "
                     f"{args.max_seconds}s\n")
    sys.exit(125)
sys.exit(status)
