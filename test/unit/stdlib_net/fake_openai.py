#!/usr/bin/env python3
"""A fake OpenAI-compatible server and a few plain HTTP endpoints for the stdlib_net tests.

Binds 127.0.0.1 on a free port, prints the port on stdout and serves until killed. Standard
library only. With `--tls CERT KEY` it serves HTTPS with that (self-signed) certificate.

LLM behaviour is chosen by the request's model name (see `chat_reply`); every request except
those to /_* is recorded and listed by GET /_requests (method, path, lower-cased headers, body).
"""
import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

RECORDED = []
ATTEMPTS = {}
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def send(self, status, body, content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_chunked(self, data, chunk=65536):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(data), chunk):
            part = data[start:start + chunk]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        self.wfile.write(b"0\r\n\r\n")

    def dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        request = {
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body,
        }
        if url.path == "/_requests":
            with LOCK:
                return self.send(200, list(RECORDED))
        with LOCK:
            RECORDED.append(request)
        route = url.path
        if route == "/echo":
            return self.send(200, request)
        if route == "/text":
            return self.send(200, "hello, world", "text/plain; charset=utf-8")
        if route.startswith("/status/"):
            code = int(route.split("/")[2])
            headers = [(name, query[key]) for key, name in
                       (("retry_after", "Retry-After"), ("retry_after_ms", "retry-after-ms"))
                       if key in query]
            return self.send(code, "status %d" % code, "text/plain", headers)
        if route == "/badjson":
            code = int(query.get("status", "200"))
            return self.send(code, "<html>not json</html>", "application/json")
        if route.startswith("/redirect/"):
            left = int(route.split("/")[2])
            if left == 0:
                return self.send(200, "redirected", "text/plain")
            return self.send(302, "", "text/plain", [("Location", "/redirect/%d" % (left - 1))])
        if route == "/big":
            return self.send(200, b"x" * int(query["n"]), "application/octet-stream")
        if route == "/big-chunked":
            return self.send_chunked(b"x" * int(query["n"]))
        if route == "/slow":
            time.sleep(float(query.get("s", "5")))
            return self.send(200, "late", "text/plain")
        if route == "/v1/chat/completions":
            return self.chat_reply(body)
        if route == "/v1/embeddings":
            return self.embeddings_reply(body)
        return self.send(404, {"error": {"message": "no route " + route}})

    def chat_reply(self, body):
        request = json.loads(body)
        model = request["model"]
        prompt = request["messages"][-1]["content"]
        if model == "429-then-ok":
            with LOCK:
                seen = ATTEMPTS.get(prompt, 0)
                ATTEMPTS[prompt] = seen + 1
            if seen == 0:
                return self.send(429, {"error": {"message": "slow down"}}, headers=[("Retry-After", "1")])
        if model == "500":
            return self.send(500, {"error": {"message": "internal boom"}}, headers=[("Retry-After", "0")])
        if model == "500-backoff":
            return self.send(503, {"error": {"message": "overloaded"}})
        if model == "bad-request":
            return self.send(400, {"error": {"message": "unknown parameter"}})
        if model == "unauthorized":
            auth = self.headers.get("Authorization", "")
            return self.send(401, {"error": {"message": "Incorrect API key provided: " + auth}})
        if model == "malformed":
            return self.send(200, '{"choices": [', "application/json")
        if model == "no-choices":
            return self.send(200, {"id": "x", "model": model})
        if model == "slow":
            time.sleep(5)
        reply = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": model + "-2024-07-18" if model.startswith("gpt-") else model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": "echo: " + prompt}}],
        }
        if model != "no-usage":
            reply["usage"] = {"prompt_tokens": 1000, "completion_tokens": 500, "total_tokens": 1500}
        return self.send(200, reply)

    def embeddings_reply(self, body):
        request = json.loads(body)
        if request["model"] == "malformed":
            return self.send(200, '{"data": [{"index": 0}]', "application/json")
        texts = request["input"]
        data = [{"object": "embedding", "index": i, "embedding": [float(len(t)), float(i), 0.5]}
                for i, t in enumerate(texts)]
        data.reverse()
        tokens = sum(len(t) for t in texts)
        return self.send(200, {"object": "list", "model": request["model"], "data": data,
                               "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that time out close their connection; that is expected here


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
