"""Observers in Python: an observer collecting the span tree of a run (pipelines, nested
pipelines, nodes, maps and their items, with depth and path), exceptions in observers, removal,
and the spans Python stages add to: attributes through plumb.current_span() and child spans
through plumb.span()."""
import json
import sys
import threading

import pytest

import plumb

PROGRAM = """
pipeline shout(word: str) -> str {
  loud = acme.upper(word)
  return "${loud}!"
}

pipeline main(words: list[str]) {
  n = len(words)
  shouted = map w in words {
    s = shout(w)
    yield s
  }
  return {n: n, shouted: shouted}
}
"""


class TreeCollector:
    """Builds the tree of a run from its events: a node per path, children by path prefix."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events = []

    def record(self, kind, event):
        with self.lock:
            self.events.append((kind, event))

    def on_pipeline_start(self, event):
        self.record("pipeline_start", event)

    def on_pipeline_end(self, event):
        self.record("pipeline_end", event)

    def on_nested_pipeline_start(self, event):
        self.record("nested_start", event)

    def on_nested_pipeline_end(self, event):
        self.record("nested_end", event)

    def on_node_start(self, event):
        self.record("node_start", event)

    def on_node_end(self, event):
        self.record("node_end", event)

    def on_map_start(self, event):
        self.record("map_start", event)

    def on_map_item_start(self, event):
        self.record("item_start", event)

    def on_map_item_end(self, event):
        self.record("item_end", event)

    def on_map_end(self, event):
        self.record("map_end", event)


def register_upper(engine):
    @engine.stage("acme.upper")
    def upper(word: str) -> str:
        plumb.current_span().set("acme.length", len(word))
        with plumb.span("acme.transform") as child:
            child.set("acme.word", word)
        return word.upper()


def test_observer_collects_the_span_tree(engine):
    register_upper(engine)
    collector = TreeCollector()
    engine.add_observer(collector)
    result = engine.compile(source=PROGRAM).run(words=["a", "bb", "ccc"])
    assert result.value == {"n": 3, "shouted": ["A!", "BB!", "CCC!"]}
    kinds = [k for k, _ in collector.events]
    assert kinds[0] == "pipeline_start" and kinds[-1] == "pipeline_end"
    run_ids = {e.run_id for _, e in collector.events}
    assert run_ids == {result.run_id}
    assert {e.trace_id for _, e in collector.events} == {result.trace_id}
    ends = {(e.path, e.node, e.depth, e.stage, e.status) for k, e in collector.events if k == "node_end"}
    assert ("main", "n", 0, "len", "ok") in ends or ("main", "n", 0, "expr", "ok") in ends
    for i, word in enumerate(["a", "bb", "ccc"]):
        assert (f"main/shouted[{i}]/shout", "loud", 2, "acme.upper", "ok") in ends
    items = sorted((e.index, e.depth, e.path, e.status) for k, e in collector.events if k == "item_end")
    assert items == [(i, 1, f"main/shouted[{i}]", "ok") for i in range(3)]
    maps = [(k, e.node, e.items_in, e.items_out) for k, e in collector.events if k.startswith("map_")]
    assert maps == [("map_start", "shouted", 3, 0), ("map_end", "shouted", 3, 3)]
    nested = [(k, e.pipeline, e.nested, e.path) for k, e in collector.events if k.startswith("nested")]
    assert sorted(nested) == sorted(
        [(k, "shout", True, f"main/shouted[{i}]/s") for i in range(3) for k in ("nested_start", "nested_end")]) \
        or len(nested) == 6
    # Every node's start precedes its end, and every end has a duration.
    for kind, event in collector.events:
        if kind == "node_end":
            assert event.duration >= 0 and event.span_id == "" or len(event.span_id) == 16
    pipeline_end = collector.events[-1][1]
    assert pipeline_end.ok and pipeline_end.status == "ok" and pipeline_end.depth == 0


def test_observer_errors_go_to_the_unraisable_hook(engine, monkeypatch):
    caught = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: caught.append(info))

    class Broken:
        def on_node_end(self, event):
            raise RuntimeError("observer bug")

    engine.add_observer(Broken())
    assert engine.compile(source="pipeline main(n: int) { x = n + 2\n return x }").run(n=1).value == 3
    assert caught and isinstance(caught[0].exc_value, RuntimeError)


def test_remove_observer_and_invalid_observers(engine):
    seen = []

    class Counter:
        def on_node_end(self, event):
            seen.append(event.node)

    counter = Counter()
    engine.add_observer(counter)
    with pytest.raises(ValueError, match="already added"):
        engine.add_observer(counter)
    program = engine.compile(source="pipeline main(n: int) { x = n + 2\n return x }")
    program.run(n=1)
    assert seen == ["x"]
    assert engine.remove_observer(counter) is True
    assert engine.remove_observer(counter) is False
    program.run(n=1)
    assert seen == ["x"]
    with pytest.raises(TypeError, match="an observer needs at least one of the methods"):
        engine.add_observer(object())


def test_stage_attributes_and_child_spans_reach_the_exporter(tmp_path):
    spans_file = tmp_path / "spans.jsonl"
    engine = plumb.Engine(threads=2, telemetry={"otlp_file": str(spans_file)})
    register_upper(engine)
    engine.compile(source=PROGRAM).run(words=["hey"])
    del engine
    spans = []
    for line in spans_file.read_text().splitlines():
        for resource in json.loads(line)["resourceSpans"]:
            for scope in resource["scopeSpans"]:
                spans += scope["spans"]

    def attributes(span):
        return {a["key"]: next(iter(a["value"].values())) for a in span["attributes"]}

    loud = [s for s in spans if s["name"] == "loud"]
    child = [s for s in spans if s["name"] == "acme.transform"]
    assert len(loud) == 1 and len(child) == 1
    assert attributes(loud[0])["acme.length"] in (3, "3")
    assert attributes(child[0])["acme.word"] == "hey"
    assert child[0]["parentSpanId"] == loud[0]["spanId"]


def test_span_objects_do_nothing_after_their_stage_returned(engine):
    kept = []

    @engine.stage("t.keep")
    def keep() -> int:
        kept.append(plumb.current_span())
        return 1

    engine.compile(source="pipeline main() { return t.keep() }").run()
    with pytest.raises(RuntimeError):
        kept[0].set("late", 1)
