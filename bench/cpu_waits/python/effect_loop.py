"""300 atomic writes of one file, one after another (bench/cpu_waits/effect_loop.pipe)."""
import os
import sys

directory = sys.argv[1]
target = os.path.join(directory, "out.txt")
for i in range(300):
    temp = os.path.join(directory, ".out.txt.tmp")
    with open(temp, "w") as f:
        f.write(f"line {i}\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, target)
    fd = os.open(directory, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
