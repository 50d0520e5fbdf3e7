"""Counts the spans a command writes to a file exporter, as they arrive, without storing them:

  count_spans.py --format chrome|otlp -- CMD...

Creates a FIFO, replaces `{fifo}` in CMD with its path, runs CMD and reads the FIFO while it
runs, counting Chrome complete events (`"ph":"X"`) or OTLP spans (`"spanId"`). Prints
`spans: N` and, for Chrome, whether the file ends as a closed JSON array; exits with CMD's
status."""
import argparse
import os
import subprocess
import sys
import tempfile
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--format", choices=["chrome", "otlp"], required=True)
parser.add_argument("command", nargs=argparse.REMAINDER)
args = parser.parse_args()
command = args.command[1:] if args.command[:1] == ["--"] else args.command
marker = b'"ph":"X"' if args.format == "chrome" else b'"spanId"'

directory = tempfile.mkdtemp()
fifo = os.path.join(directory, "spans")
os.mkfifo(fifo)
counted = {"spans": 0, "tail": b""}


def read():
    carry = b""
    with open(fifo, "rb") as stream:
        while True:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            data = carry + chunk
            counted["spans"] += data.count(marker)
            # Keep what could be the start of a marker cut by the chunk boundary (too short to
            # hold a whole one, so nothing is counted twice).
            carry = data[-(len(marker) - 1):]
            counted["tail"] = (counted["tail"] + chunk)[-64:]


reader = threading.Thread(target=read)
reader.start()
status = subprocess.call([part.replace("{fifo}", fifo) for part in command])
if reader.is_alive():
    # The command never opened the FIFO and the reader still waits for a writer: be one.
    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
reader.join()
os.remove(fifo)
os.rmdir(directory)
print("spans:", counted["spans"])
if args.format == "chrome":
    print("closed:", counted["tail"].rstrip().endswith(b"]"))
sys.exit(status)
