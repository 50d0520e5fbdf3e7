"""100,000 environment look-ups (bench/cpu_waits/env_map.pipe)."""
import os

got = [os.environ.get("HOME") for _ in range(100000)]
