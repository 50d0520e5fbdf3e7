"""Ctrl-C while the main thread waits in run(): the run is cancelled at once and run() raises
KeyboardInterrupt (the program runs in a child process that receives SIGINT)."""
import os
import signal
import subprocess
import sys
import time

SCRIPT = r"""
import sys, time
import plumb
engine = plumb.Engine(threads=2)

@engine.stage("acme.nap", purity="volatile")
def nap(seconds: float) -> bool:
    return plumb.sleep(seconds)

program = engine.compile(source="pipeline main() { return acme.nap(60.0) }")
print("running", flush=True)
start = time.monotonic()
try:
    program.run()
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - start:.1f} s", flush=True)
    sys.exit(7)
print("not interrupted", flush=True)
"""


def test_sigint_cancels_the_run_and_raises_keyboard_interrupt():
    child = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ))
    try:
        assert child.stdout.readline() == "running\n"
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 7, out
    assert out.startswith("interrupted after ")
    assert float(out.split()[2]) < 10
