"""Python exceptions in stages: the node fails with the exception's type, message and
traceback (in the RunError, on the span as exception.stacktrace, in observer events);
@retry re-runs a flaky Python stage; plumb.StageError says whether a retry may help;
RunCancellation and @timeout reach a stage waiting in plumb.sleep()."""
import json
import threading
import time

import pytest

import plumb

FAILING = """
pipeline main(x: int) {
  label = acme.check(x)
  return label
}
"""


def register_check(engine):
    @engine.stage("acme.check")
    def check(x: int) -> str:
        return validate(x)

    return check


def validate(x):
    if x < 0:
        raise ValueError(f"negative input {x}")
    return "ok"


def test_exception_fails_the_node_with_type_message_and_traceback(engine):
    register_check(engine)
    program = engine.compile(source=FAILING, name="check.pipe")
    assert program.run(x=1).value == "ok"
    with pytest.raises(plumb.RunError) as error:
        program.run(x=-5)
    e = error.value
    assert e.kind == "ValueError"
    assert e.message == "acme.check: ValueError: negative input -5"
    assert (e.node, e.stage, e.file, e.line) == ("label", "acme.check", "check.pipe", 3)
    assert e.traceback.startswith("Traceback (most recent call last):\n")
    assert 'in check\n    return validate(x)' in e.traceback
    assert 'in validate\n    raise ValueError(f"negative input {x}")' in e.traceback
    assert e.traceback.rstrip().endswith("ValueError: negative input -5")
    assert str(e).startswith("check.pipe:3:11: node `label` (acme.check) in pipeline `main` "
                             "failed: acme.check: ValueError: negative input -5\n\n"
                             "Python traceback of the stage:\nTraceback")


def test_exception_of_a_class_outside_builtins_is_qualified(engine):
    class QuotaExceeded(Exception):
        pass

    @engine.stage("acme.quota")
    def quota() -> int:
        raise QuotaExceeded("no tokens left")

    result = engine.compile(source="pipeline main() { return acme.quota() }").run(raise_on_error=False)
    assert result.error.kind == ("test_exceptions.test_exception_of_a_class_outside_builtins_is_"
                                 "qualified.<locals>.QuotaExceeded")
    assert result.error.message.endswith(".QuotaExceeded: no tokens left")


def test_traceback_on_the_span_and_in_observer_events(tmp_path):
    spans_file = tmp_path / "spans.jsonl"
    engine = plumb.Engine(threads=2, telemetry={"otlp_file": str(spans_file)})
    register_check(engine)
    errors = []

    class Errors:
        def on_node_error(self, event):
            errors.append(event)

    engine.add_observer(Errors())
    result = engine.compile(source=FAILING).run(x=-1, raise_on_error=False)
    assert not result.ok
    assert [(e.node, e.error_type, e.status, e.ok) for e in errors] == [("label", "ValueError", "error", False)]
    assert "raise ValueError" in errors[0].traceback
    del engine  # the engine's exports end: the file is complete
    events = []
    for line in spans_file.read_text().splitlines():
        for resource in json.loads(line)["resourceSpans"]:
            for scope in resource["scopeSpans"]:
                for span in scope["spans"]:
                    events += [(span["name"], event) for event in span.get("events", [])]
    node_events = [event for name, event in events if name == "label"]
    assert len(node_events) == 1
    attributes = {a["key"]: a["value"]["stringValue"] for a in node_events[0]["attributes"]}
    assert attributes["exception.type"] == "ValueError"
    assert attributes["exception.message"] == "acme.check: ValueError: negative input -1"
    assert "in validate" in attributes["exception.stacktrace"]


def test_retries_of_a_flaky_stage(engine):
    attempts = []

    @engine.stage("acme.flaky", purity="volatile")
    def flaky(fail_times: int) -> str:
        attempts.append(1)
        if len(attempts) <= fail_times:
            raise ConnectionError(f"attempt {len(attempts)}: service unavailable")
        return f"ok after {len(attempts)}"

    program = engine.compile(source="""
pipeline main(fail_times: int) {
  @retry(attempts: 3, backoff: 10ms)
  reply = acme.flaky(fail_times)
  return reply
}""")
    result = program.run(fail_times=2)
    assert result.value == "ok after 3"
    node = result.nodes()[0]
    assert (node.runs, node.failures, node.retries) == (3, 2, 2)
    attempts.clear()
    with pytest.raises(plumb.RunError) as error:
        program.run(fail_times=3)
    assert error.value.kind == "ConnectionError"
    assert error.value.message == "acme.flaky: ConnectionError: attempt 3: service unavailable"
    assert len(attempts) == 3


def test_stage_error_not_retryable_is_not_retried(engine):
    attempts = []

    @engine.stage("acme.strict", purity="volatile")
    def strict() -> int:
        attempts.append(1)
        raise plumb.StageError("bad input: empty", retryable=False, kind="bad_input")

    program = engine.compile(source="pipeline main() {\n  @retry(attempts: 5, backoff: 1ms)\n  v = acme.strict()\n  return v\n}")
    with pytest.raises(plumb.RunError) as error:
        program.run()
    assert (error.value.kind, error.value.message) == ("bad_input", "acme.strict: bad input: empty")
    assert len(attempts) == 1


def test_stage_error_retry_after_delays_the_next_attempt(engine):
    attempts = []

    @engine.stage("acme.limited", purity="volatile")
    def limited() -> int:
        attempts.append(time.monotonic())
        if len(attempts) == 1:
            raise plumb.StageError("rate limited", kind="http_429", retry_after=0.3)
        return len(attempts)

    program = engine.compile(source="pipeline main() {\n  @retry(attempts: 2, backoff: 1ms, max_backoff: 5s)\n  v = acme.limited()\n  return v\n}")
    assert program.run().value == 2
    assert attempts[1] - attempts[0] >= 0.3


SLEEPER = """
pipeline main(seconds: float) {
  slept = acme.nap(seconds)
  return slept
}
"""


def register_nap(engine, states):
    @engine.stage("acme.nap", purity="volatile")
    def nap(seconds: float) -> bool:
        completed = plumb.sleep(seconds)
        states.append((completed, plumb.cancelled()))
        return completed


def test_run_cancellation_stops_a_run_from_another_thread(engine):
    states = []
    register_nap(engine, states)
    program = engine.compile(source=SLEEPER)
    token = plumb.RunCancellation()
    threading.Timer(0.2, token.cancel, args=("test",)).start()
    start = time.monotonic()
    with pytest.raises(plumb.RunError) as error:
        program.run(seconds=30, cancel=token)
    assert time.monotonic() - start < 10
    assert error.value.kind == "cancelled"
    assert str(error.value) == "pipeline `main`: the run was cancelled (test)"
    assert error.value.result.status == "cancelled"
    assert states == [(False, True)]
    assert token.cancelled
    assert token.reason == "test"
    # A cancelled RunCancellation fails later runs at once; a new one does not.
    with pytest.raises(plumb.RunError, match="the run was cancelled"):
        program.run(seconds=0, cancel=token)
    assert program.run(seconds=0.01, cancel=plumb.RunCancellation()).value is True


def test_cancel_skips_the_items_not_started(engine):
    started = []
    token = plumb.RunCancellation()

    @engine.stage("acme.item", purity="volatile")
    def item(x: int) -> int:
        started.append(x)
        if x == 3:
            token.cancel()
        plumb.sleep(0.05)
        return x

    program = engine.compile(source="pipeline main() { return map x in range(200), concurrency: 1 { y = acme.item(x); yield y } }")
    result = program.run(cancel=token, raise_on_error=False)
    assert result.error.kind == "cancelled"
    assert len(started) < 10


def test_timeout_reaches_a_sleeping_python_stage(engine):
    states = []
    register_nap(engine, states)
    program = engine.compile(source="""
pipeline main() {
  @timeout(200ms)
  slept = acme.nap(30.0)
  return slept
}""")
    start = time.monotonic()
    with pytest.raises(plumb.RunError) as error:
        program.run()
    assert time.monotonic() - start < 10
    assert error.value.kind == "timeout"
    assert "timed out after 0.2s" in error.value.message
    assert states == [(False, True)]


def test_stage_api_outside_a_stage_raises():
    for call in (plumb.cancelled, plumb.current_span, plumb.seconds_left):
        with pytest.raises(RuntimeError, match="works only inside a Python stage"):
            call()
    with pytest.raises(RuntimeError, match="works only inside a Python stage"):
        plumb.sleep(0.01)
    with pytest.raises(RuntimeError, match="works only inside a Python stage"):
        with plumb.span("outside"):
            pass
