"""Stages written in Python: the checker sees their signature (arity, keyword arguments,
types from the hints), arguments arrive positionally, by keyword and as **kwargs, and a
Python stage runs inside a parallel map on two threads, with observers, without deadlock."""
import threading
import time
from typing import Any, Optional, Sequence, TypedDict

import pytest

import plumb


def compile_error(engine, source):
    with pytest.raises(plumb.CompileError) as error:
        engine.compile(source=source)
    return error.value


def test_the_checker_sees_the_signature(engine):
    @engine.stage("acme.classify", purity="pure", version="2")
    def classify(text: str, labels: list[str], *, threshold: float = 0.5) -> str:
        """Picks a label for a text."""
        return labels[0] if len(text) * threshold > 1 else labels[-1]

    ok = engine.compile(source='pipeline main() { return acme.classify("hello", ["long", "short"], threshold: 0.5) }')
    assert ok.run().value == "long"
    cases = {
        'acme.classify("a", ["x"], 0.5, 1)': "too-many-arguments",
        'acme.classify("a")': "missing-argument",
        'acme.classify("a", ["x"], limit: 1)': "unknown-argument",
        'acme.classify(1, ["x"])': "type-mismatch",
        'acme.classify("a", "x")': "type-mismatch",
        'acme.classify("a", ["x"], threshold: "high")': "type-mismatch",
    }
    for call, kind in cases.items():
        error = compile_error(engine, f"pipeline main() {{ return {call} }}")
        assert [d.kind for d in error.diagnostics] == [kind], call
    result_type = compile_error(engine, 'pipeline main() { return acme.classify("a", ["x"]) + 1 }')
    assert result_type.diagnostics[0].kind == "type-mismatch"
    assert "acme.classify" in engine.stages


def test_keyword_only_defaults_and_extra_keywords(engine):
    calls = []

    @engine.stage("acme.tag", purity="volatile")
    def tag(item: str, prefix: str = "#", *, upper: bool = False, **labels: Any) -> dict:
        calls.append((item, prefix, upper, labels))
        text = prefix + (item.upper() if upper else item)
        return {"text": text, "labels": labels}

    program = engine.compile(source="""
pipeline main() {
  a = acme.tag("x")
  b = acme.tag("y", "@", upper: true, team: "data", n: 2)
  return [a, b]
}""")
    assert program.run().value == [{"text": "#x", "labels": {}},
                                   {"text": "@Y", "labels": {"team": "data", "n": 2}}]
    assert sorted(calls) == [("x", "#", False, {}), ("y", "@", True, {"team": "data", "n": 2})]


def test_hints_map_to_plumb_types(engine):
    class Point(TypedDict):
        x: int
        y: int

    @engine.stage("geo.norm1")
    def norm1(p: Point, scale: Optional[float] = None, extra: Sequence[int] = ()) -> int:
        return (abs(p["x"]) + abs(p["y"])) * int(scale or 1) + sum(extra)

    program = engine.compile(source="pipeline main() { return geo.norm1({x: 3, y: -4}, 2.0, [1]) }")
    assert program.run().value == 15
    assert compile_error(engine, "pipeline main() { return geo.norm1({x: 3}) }").diagnostics[0].kind \
        == "type-mismatch"
    assert compile_error(engine, 'pipeline main() { return geo.norm1({x: 1, y: 2}, "s") }') \
        .diagnostics[0].kind == "type-mismatch"


def test_result_is_checked_against_the_hint(engine):
    @engine.stage("t.liar")
    def liar() -> int:
        return "not an int"

    result = engine.compile(source="pipeline main() { return t.liar() }").run(raise_on_error=False)
    assert result.error.kind == "stage_contract"
    assert "t.liar returned a `str` where its signature promises `int`" in result.error.message


def test_registration_errors(engine):
    def f(x: int) -> int:
        return x

    engine.register_stage("t.f", f)
    with pytest.raises(ValueError, match="stage `t.f` is registered twice"):
        engine.register_stage("t.f", f)
    with pytest.raises(ValueError, match="must be `namespace.name`"):
        engine.register_stage("nodot", f)
    with pytest.raises(ValueError, match='purity must be "pure", "volatile" or "effect"'):
        engine.register_stage("t.g", f, purity="impure")
    engine.register_stage("t.any", lambda data: data)  # no hints: any
    with pytest.raises(TypeError, match=r"stage `t.h`, parameter `data`: the type hint `bytes` "
                                        r"has no plumb type"):
        engine.register_stage("t.h", bytes_stage)
    with pytest.raises(TypeError, match=r"\*args is not supported"):
        engine.register_stage("t.v", lambda *args: 0)
    with pytest.raises(TypeError, match="the default of parameter `x`"):
        engine.register_stage("t.d", lambda x=object(): x)
    with pytest.raises(TypeError, match="a record's keys are str"):
        engine.register_stage("t.k", int_keys_stage)


def bytes_stage(data: bytes) -> int:
    return len(data)



def int_keys_stage(d: dict[int, str]) -> int:
    return len(d)


def test_python_stage_in_a_parallel_map_on_two_threads(engine):
    threads = set()

    @engine.stage("t.square")
    def square(x: int) -> int:
        threads.add(threading.get_ident())
        time.sleep(0.0005)  # releases the GIL: the other worker may enter the stage
        return x * x

    program = engine.compile(source="""
pipeline main(n: int) {
  xs = range(n)
  squares = map x in xs { s = t.square(x); yield s + 1 }
  return squares
}""")
    for _ in range(5):
        assert program.run(n=2000).value == [x * x + 1 for x in range(2000)]
    assert len(threads) >= 1


def test_stage_and_observers_on_two_threads_do_not_deadlock(engine):
    events = []
    lock = threading.Lock()

    class Recorder:
        def on_node_end(self, event):
            with lock:
                events.append(event.node)

        def on_map_item_end(self, event):
            with lock:
                events.append(event.index)

    engine.add_observer(Recorder())

    @engine.stage("t.inc")
    def inc(x: int) -> int:
        return x + 1

    program = engine.compile(source="pipeline main() { return map x in range(500) { y = t.inc(x); yield y } }")
    outcome = {}
    runner = threading.Thread(target=lambda: outcome.setdefault("value", program.run().value))
    runner.start()
    runner.join(timeout=60)
    assert not runner.is_alive(), "the run deadlocked"
    assert outcome["value"] == list(range(1, 501))
    assert events.count("y") == 500
    assert sorted(e for e in events if isinstance(e, int)) == list(range(500))


def test_other_python_threads_run_while_plumb_runs(engine):
    @engine.stage("t.wait", purity="volatile")
    def wait(seconds: float) -> bool:
        return plumb.sleep(seconds)

    program = engine.compile(source="pipeline main() { return t.wait(0.5) }")
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.01)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        assert program.run().value is True
    finally:
        stop.set()
        thread.join()
    assert len(ticks) >= 10


def test_stage_functions_stay_callable_from_python(engine):
    @engine.stage("t.double")
    def double(x: int) -> int:
        return 2 * x

    assert double(4) == 8
    assert engine.compile(source="pipeline main() { return t.double(21) }").run().value == 42


def test_stages_in_nested_runs(engine):
    inner = engine.compile(source="pipeline main(x: int) { return x * 10 }")

    @engine.stage("t.nested", purity="volatile")
    def nested(x: int) -> int:
        return inner.run(x=x).value + 1

    program = engine.compile(source="pipeline main() { return map x in [1, 2, 3] { y = t.nested(x); yield y } }")
    assert program.run().value == [11, 21, 31]
