"""A local OTLP receiver for tests, run around a command:

  otlp_receiver.py --out REQUESTS.json [--protocol P] [--script 503,200] [--hang] [--down]
                   [--max-seconds N] -- CMD...

Starts a server on a free loopback port, replaces `{endpoint}` in CMD with its base URL,
runs CMD, then writes every request it received (path, the status it got (0: none), headers,
body as OTLP/JSON) to --out and exits with CMD's status.

--protocol: http/json (default: POST bodies parsed as JSON), http/protobuf (bodies decoded
with the classes protoc generated from runtime/telemetry/proto/, found in --proto-python) or
grpc (the collector services' Export methods, served with grpcio's generic handlers). Decoded
protobuf requests are written in the OTLP/JSON mapping (hex ids, integer enums, 64-bit
integers as strings), so check_otlp.py reads every protocol's requests alike.

--script gives the status of each successive request (the last one repeats), as HTTP codes:
over HTTP, 503 replies carry `Retry-After: 0`; over gRPC 200 is OK, 503 UNAVAILABLE and 429
RESOURCE_EXHAUSTED (both with a RetryInfo of 0 s), 430 RESOURCE_EXHAUSTED without RetryInfo,
400 INVALID_ARGUMENT; 206 accepts with a partial success rejecting one item. --hang never
answers; --down gives CMD the URL of a port nothing listens on. --max-seconds fails when CMD
takes longer."""
import argparse
import base64
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--protocol", default="http/json",
                    choices=["http/json", "http/protobuf", "grpc"])
parser.add_argument("--proto-python", default=os.environ.get("PLUMB_OTLP_PYTHON", ""))
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


def next_status(record):
    """Records a request and returns the scripted status it gets."""
    with lock:
        status = 0 if args.hang else statuses[min(len(received), len(statuses) - 1)]
        record["status"] = status
        received.append(record)
    return status


SIGNALS = {}  # signal -> (request class, response class, HTTP path, gRPC method, partial field)
if args.protocol != "http/json":
    sys.path.insert(0, args.proto_python)
    from google.protobuf import json_format
    from google.protobuf.duration_pb2 import Duration
    from google.rpc import error_details_pb2, status_pb2
    from opentelemetry.proto.collector.logs.v1 import logs_service_pb2 as logs
    from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2 as metrics
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2 as trace

    SIGNALS = {
        "traces": (trace.ExportTraceServiceRequest, trace.ExportTraceServiceResponse,
                   "/v1/traces", "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                   "rejected_spans"),
        "logs": (logs.ExportLogsServiceRequest, logs.ExportLogsServiceResponse,
                 "/v1/logs", "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                 "rejected_log_records"),
        "metrics": (metrics.ExportMetricsServiceRequest, metrics.ExportMetricsServiceResponse,
                    "/v1/metrics",
                    "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
                    "rejected_data_points"),
    }


def hex_ids(value):
    """Protobuf's JSON mapping writes bytes as base64; OTLP/JSON writes ids as hex."""
    if isinstance(value, list):
        return [hex_ids(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in ("traceId", "spanId", "parentSpanId") and isinstance(item, str):
            out[key] = base64.b64decode(item).hex()
        else:
            out[key] = hex_ids(item)
    return out


def as_otlp_json(message):
    return hex_ids(json_format.MessageToDict(message, use_integers_for_enums=True))


def response_for(signal, status):
    response = SIGNALS[signal][1]()
    if status == 206:
        setattr(response.partial_success, SIGNALS[signal][4], 1)
        response.partial_success.error_message = "one item rejected by the test receiver"
    return response


def rpc_status(code, message, retry):
    status = status_pb2.Status(code=code, message=message)
    if retry:
        status.details.add().Pack(error_details_pb2.RetryInfo(retry_delay=Duration(seconds=0)))
    return status


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        signal = self.path.rsplit("/", 1)[-1]
        if args.protocol == "http/json":
            parsed = json.loads(body)
        else:
            request = SIGNALS[signal][0]()
            request.ParseFromString(body)
            parsed = as_otlp_json(request)
        status = next_status({"path": self.path, "headers": dict(self.headers), "body": parsed})
        if args.hang:
            release.wait()
            return
        if args.protocol == "http/json":
            reply, content_type = b"{}", "application/json"
            if status == 206:
                reply = json.dumps({"partialSuccess": {"rejectedSpans": "1"}}).encode()
        elif status in (200, 206):
            reply = response_for(signal, status).SerializeToString()
            content_type = "application/x-protobuf"
        else:
            reply = rpc_status(14, "unavailable (test)", False).SerializeToString()
            content_type = "application/x-protobuf"
        self.send_response(200 if status == 206 else status)
        if status == 503:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *_):
        pass


def serve_grpc():
    import grpc

    codes = {503: (grpc.StatusCode.UNAVAILABLE, True),
             429: (grpc.StatusCode.RESOURCE_EXHAUSTED, True),
             430: (grpc.StatusCode.RESOURCE_EXHAUSTED, False),
             400: (grpc.StatusCode.INVALID_ARGUMENT, False)}

    def handler_for(signal, method):
        def export(request, context):
            # grpcio passes on the metadata but not the HTTP/2 headers; a call that reached
            # this handler was sent as application/grpc.
            headers = {key: value for key, value in context.invocation_metadata()}
            headers["content-type"] = "application/grpc"
            status = next_status({"path": method, "headers": headers,
                                  "body": as_otlp_json(request)})
            if args.hang:
                release.wait()
                context.abort(grpc.StatusCode.CANCELLED, "receiver stopped")
            if status in (200, 206):
                return response_for(signal, status)
            code, retry = codes[status]
            details = rpc_status(code.value[0], f"scripted {code.name}", retry)
            context.set_trailing_metadata(
                (("grpc-status-details-bin", details.SerializeToString()),))
            context.abort(code, f"scripted {code.name}")
        return export

    handlers = {}
    for signal, (request, response, _, method, _) in SIGNALS.items():
        handlers[method] = grpc.unary_unary_rpc_method_handler(
            handler_for(signal, method), request_deserializer=request.FromString,
            response_serializer=response.SerializeToString)

    class Generic(grpc.GenericRpcHandler):
        def service(self, details):
            return handlers.get(details.method)

    from concurrent import futures
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((Generic(),))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if args.protocol == "grpc":
    grpc_server, port = serve_grpc()
    stop = lambda: grpc_server.stop(0)
else:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def stop():
        server.shutdown()
        server.server_close()
if args.down:
    port = free_port()
endpoint = f"http://127.0.0.1:{port}"
command = [part.replace("{endpoint}", endpoint) for part in command]
start = time.monotonic()
try:
    status = subprocess.call(command)
finally:
    elapsed = time.monotonic() - start
    release.set()
    stop()
with open(args.out, "w") as out:
    json.dump(received, out, indent=1)
if elapsed > args.max_seconds:
    sys.stderr.write(f"otlp_receiver.py: the command took {elapsed:.1f}s, more than "
                     f"{args.max_seconds}s\n")
    sys.exit(125)
sys.exit(status)
