"""200 time.sleep(0.01) on a pool of 2 threads (bench/cpu_waits/map_sleeps.pipe)."""
import time
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(2) as pool:
    list(pool.map(lambda _: time.sleep(0.01), range(200)))
