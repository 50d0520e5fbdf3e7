"""Runs a command whose stdout is a pipe nobody reads any more: closed_stdout.py CMD...

The read end is closed before the command starts, so its first write to stdout fails with
EPIPE (or SIGPIPE kills it). Exits with the command's status (128 + N when killed by N)."""
import os
import subprocess
import sys

read, write = os.pipe()
os.close(read)
status = subprocess.call(sys.argv[1:], stdout=write)
sys.exit(128 - status if status < 0 else status)
