#!/usr/bin/env python3
"""triage.py — a Python program that embeds plumb: it registers a stage written in Python
(`acme.triage`, which scores a review against a word list and records its findings on the
node's span), watches the run with an observer, runs examples/python/triage.pipe and prints
the result and the run summary.

    PYTHONPATH=build/python python3 examples/python/triage.py [--threads N]
"""
import argparse
import json
import pathlib
import threading
from typing import TypedDict

import plumb

HERE = pathlib.Path(__file__).parent


class Triage(TypedDict):
    priority: str
    hits: list[str]


def build_engine(threads: int) -> plumb.Engine:
    engine = plumb.Engine(threads=threads)

    @engine.stage("acme.triage", version="1")
    def triage(text: str, urgent_words: list[str], *, product: str = "") -> Triage:
        """Marks a review urgent when it uses one of the urgent words."""
        words = {w.strip(".,!?").lower() for w in text.split()}
        hits = sorted(words.intersection(urgent_words))
        plumb.current_span().set("acme.product", product)
        plumb.current_span().set("acme.hits", len(hits))
        return {"priority": "urgent" if hits else "normal", "hits": hits}

    return engine


class StageTimer:
    """Counts the stage calls and adds up their time (called from the worker threads)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = 0
        self.seconds = 0.0

    def on_node_end(self, event: plumb.NodeEvent) -> None:
        if event.stage == "acme.triage":
            with self.lock:
                self.calls += 1
                self.seconds += event.duration


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    options = parser.parse_args()
    engine = build_engine(options.threads)
    timer = StageTimer()
    engine.add_observer(timer)
    program = engine.compile(HERE / "triage.pipe")
    result = program.run(path=str(HERE.parent / "data" / "reviews.jsonl"))
    print(json.dumps(result.value))
    print(f"acme.triage: {timer.calls} calls")
    print(result.summary(), end="")


if __name__ == "__main__":
    main()
