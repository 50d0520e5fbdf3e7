"""2,000 time.sleep(0.001) one after another (bench/cpu_waits/sequential_sleeps.pipe)."""
import time

for _ in range(2000):
    time.sleep(0.001)
