#!/usr/bin/env python3
"""with_postgres.py — runs a command next to a throwaway PostgreSQL 15 server, for the run
store's tests. Creates a cluster with initdb in a fresh temporary directory (as the `postgres`
system user when run as root: the server refuses to run as root), starts it on a free
loopback port with its unix socket in that directory (nothing listens beyond 127.0.0.1),
creates the database `plumb`, runs the command with

  PLUMB_PG_URL          postgresql://postgres@127.0.0.1:PORT/plumb
  PLUMB_PG_CLOSED_URL   the same with a port nothing listens on (a server that is down)
  PLUMB_PG_BAD_ROLE_URL a role the server does not know (a refused login)

and stops the server and removes the directory afterwards, also when the command fails or
the test is interrupted. Exits with the command's status.
Usage: with_postgres.py -- COMMAND [ARG...]
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(argv):
    """The command as the `postgres` user when running as root (CI), else unchanged."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] + argv


def main():
    if len(sys.argv) < 3 or sys.argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    command = sys.argv[2:]
    # SIGTERM (a lit timeout) unwinds through `finally` like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # In /tmp, not $TMPDIR: lit's temporary folder is private to root, and the server's user
    # must reach its data directory.
    root = tempfile.mkdtemp(prefix="plumb-pg-", dir="/tmp")
    server = None
    try:
        if os.geteuid() == 0:
            shutil.chown(root, "postgres", "postgres")
        data = os.path.join(root, "data")
        subprocess.run(as_server_user([f"{BIN}/initdb", "-D", data, "-U", "postgres",
                                       "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            as_server_user([f"{BIN}/postgres", "-D", data, "-p", str(port), "-k", root,
                            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                            "-c", "full_page_writes=off", "-c", "synchronous_commit=off"]),
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(root, "server.log"), "w"))
        deadline = time.monotonic() + 30
        while subprocess.run([f"{BIN}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]
                             ).returncode != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                print(open(os.path.join(root, "server.log")).read(), file=sys.stderr)
                raise RuntimeError("the PostgreSQL server did not start")
            time.sleep(0.1)
        subprocess.run([f"{BIN}/psql", "-q", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        "-c", "CREATE DATABASE plumb"], check=True)
        env = dict(os.environ)
        env["PLUMB_PG_URL"] = f"postgresql://postgres@127.0.0.1:{port}/plumb"
        env["PLUMB_PG_CLOSED_URL"] = f"postgresql://postgres@127.0.0.1:{free_port()}/plumb"
        env["PLUMB_PG_BAD_ROLE_URL"] = f"postgresql://nobody_here@127.0.0.1:{port}/plumb"
        return subprocess.run(command, env=env).returncode
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # fast shutdown: disconnects any client left
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
