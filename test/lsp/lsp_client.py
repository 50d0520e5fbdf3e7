"""test/lsp/lsp_client.py — a JSON-RPC client for `plumb lsp` (Python standard library only).

Starts the server as a subprocess, frames messages with Content-Length, and reads the
server's messages on a thread so that a test can wait for a response or a notification
with a timeout (a server that hangs fails the test instead of blocking it).
"""
import json
import os
import queue
import subprocess
import threading
import time

PLUMB = os.environ.get("PLUMB", "plumb")
TIMEOUT = 20.0


class Client:
    def __init__(self, plumb=PLUMB):
        self.process = subprocess.Popen([plumb, "lsp", "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.backlog = []
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, data: bytes):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        body = json.dumps(message).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request_async(self, method, params=None):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params or {}})
        return ident

    def wait(self, predicate, timeout=TIMEOUT):
        """The first message matching `predicate`, taken from those received; the others stay
        for later waits (a notification may arrive between the answers to requests)."""
        for index, message in enumerate(self.backlog):
            if predicate(message):
                return self.backlog.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = self.messages.get(timeout=max(left, 0))
            except queue.Empty:
                raise TimeoutError("no answer from plumb lsp") from None
            if message is None:
                raise EOFError("plumb lsp closed its output")
            if predicate(message):
                return message
            self.backlog.append(message)

    def response(self, ident):
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)

    def request(self, method, params=None):
        """The result of a request; raises RuntimeError with the error object on an error."""
        answer = self.response(self.request_async(method, params))
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["result"]

    def diagnostics(self, uri):
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri)
        return message["params"]["diagnostics"]

    def initialize(self):
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                             "capabilities": {}})
        self.notify("initialized")
        return result

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "plumb", "version": version, "text": text}})

    def close(self):
        """Shuts the server down; returns its exit status."""
        try:
            self.request("shutdown")
        except RuntimeError:
            pass  # refused: not initialized, or already shut down
        except (BrokenPipeError, EOFError, TimeoutError):
            pass
        try:
            self.notify("exit")
        except BrokenPipeError:
            pass
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                try:
                    stream.close()
                except BrokenPipeError:
                    pass
