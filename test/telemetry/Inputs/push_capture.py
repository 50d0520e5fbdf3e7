"""A stand-in Pushgateway for tests, run around a command:

  push_capture.py --out METRICS.txt -- CMD...

Starts an HTTP server on a free loopback port, replaces `{endpoint}` in CMD with its base URL,
runs CMD, writes the body of the last PUT it received (the metrics in the text format, as
`plumb run --push-gateway {endpoint}` sends them) to --out, and exits with CMD's status."""
import argparse
import http.server
import subprocess
import sys
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command
bodies = []


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_PUT(self):
        length = int(self.headers.get("Content-Length", "0"))
        bodies.append(self.rfile.read(length).decode())
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{server.server_address[1]}"
try:
    status = subprocess.call([part.replace("{endpoint}", endpoint) for part in command])
finally:
    server.shutdown()
with open(args.out, "w") as out:
    out.write(bodies[-1] if bodies else "")
sys.exit(status)
