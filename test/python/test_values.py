"""Values between Python and plumb, both ways: arguments into a run, results out of it, and
arguments and results of Python stages. Every kind, key order, and the errors for what plumb
cannot hold (an int beyond 64 bits is an OverflowError, never wrapped)."""
import enum
import math

import pytest

import plumb
from conftest import run_source

IDENTITY = "pipeline main(x: any) { return x }"

SAMPLES = [
    None, True, False, 0, 1, -1, 2**63 - 1, -(2**63), 0.0, -2.5, 1e300, math.inf,
    "", "text", "ünïcödé ✓ 𝄞", [], [1, "a", None, 2.5, True], {}, {"b": 1, "a": 2},
    {"nested": {"list": [{"k": [1, {"deep": None}]}]}, "z": [[], [[]]]},
]


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_value_round_trips_through_a_run(engine, value):
    program = engine.compile(source=IDENTITY)
    back = program.run(x=value).value
    assert back == value
    assert type(back) is type(value)


def test_nan_round_trips(engine):
    assert math.isnan(run_source(engine, IDENTITY, x=math.nan))


def test_dict_key_order_is_kept_both_ways(engine):
    keys = ["zeta", "alpha", "mid", "beta", "a"]
    back = run_source(engine, IDENTITY, x={k: i for i, k in enumerate(keys)})
    assert list(back) == keys
    record = run_source(engine, 'pipeline main() { return {z: 1, a: 2, m: {y: 1, b: 2}} }')
    assert list(record) == ["z", "a", "m"]
    assert list(record["m"]) == ["y", "b"]


def test_records_sharing_keys_and_records_that_differ(engine):
    rows = [{"id": i, "name": f"n{i}"} for i in range(1000)]
    rows[500] = {"name": "odd", "id": 500}
    rows.append({"other": True})
    back = run_source(engine, IDENTITY, x=rows)
    assert back == rows
    assert list(back[500]) == ["name", "id"]


def test_tuples_become_lists_and_int_like_values_ints(engine):
    class Colour(enum.IntEnum):
        RED = 3

    assert run_source(engine, IDENTITY, x=(1, (2, 3))) == [1, [2, 3]]
    back = run_source(engine, IDENTITY, x=Colour.RED)
    assert back == 3 and type(back) is int


class Index:
    def __index__(self):
        return 7


def test_objects_with_index_are_ints(engine):
    assert run_source(engine, IDENTITY, x=[Index()]) == [7]


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1, 10**30])
def test_int_overflow_is_an_error_not_a_wrap(engine, value):
    program = engine.compile(source=IDENTITY)
    with pytest.raises(OverflowError) as error:
        program.run(x=value)
    assert str(error.value) == f"argument `x`: int {value} does not fit in plumb's 64-bit int"


def test_overflow_deep_in_a_value_names_where(engine):
    program = engine.compile(source=IDENTITY)
    with pytest.raises(OverflowError, match=r'argument `x`: int 18446744073709551616 does not '
                                            r'fit in plumb\'s 64-bit int \(at \[1\]\["n"\]\)'):
        program.run(x=[0, {"n": 2**64}])


@pytest.mark.parametrize("value, what", [
    ({1, 2}, "a `set` ({1, 2}) has no plumb value"),
    (b"bytes", "a `bytes` (b'bytes') has no plumb value"),
    (object(), "a `object` (<object object at"),
])
def test_values_plumb_cannot_hold_are_type_errors(engine, value, what):
    program = engine.compile(source=IDENTITY)
    with pytest.raises(TypeError) as error:
        program.run(x=value)
    assert str(error.value).startswith("argument `x`: " + what)


def test_dict_keys_must_be_str(engine):
    program = engine.compile(source=IDENTITY)
    with pytest.raises(TypeError, match=r"argument `x`: dict keys must be str to become a plumb "
                                        r"record, not `int` \(1\) \(at \[0\]\)"):
        program.run(x=[{1: "a"}])


def test_lone_surrogates_are_value_errors(engine):
    program = engine.compile(source=IDENTITY)
    with pytest.raises(ValueError, match="is not valid Unicode"):
        program.run(x="\ud800")


def test_a_list_containing_itself_is_a_recursion_error(engine):
    program = engine.compile(source=IDENTITY)
    looped = []
    looped.append(looped)
    with pytest.raises(RecursionError, match="nests too deeply"):
        program.run(x=looped)


def test_typed_parameters_take_python_values(engine):
    program = engine.compile(source="""
pipeline main(n: int, f: float, s: str, b: bool, xs: list[int], r: record, o: str?) {
  return {n: n + 1, f: f * 2, s: "${s}!", b: not b, xs: len(xs), r: r.k, o: o}
}""")
    value = program.run(n=1, f=2, s="hi", b=True, xs=[1, 2, 3], r={"k": "v"}, o=None).value
    assert value == {"n": 2, "f": 4.0, "s": "hi!", "b": False, "xs": 3, "r": "v", "o": None}
    assert type(value["f"]) is float


@pytest.mark.parametrize("value", SAMPLES, ids=repr)
def test_python_stage_receives_and_returns_every_kind(engine, value):
    seen = []

    @engine.stage("t.echo")
    def echo(x):
        seen.append(x)
        return x

    back = engine.compile(source="pipeline main(x: any) { return t.echo(x) }").run(x=value).value
    assert seen == [value] and type(seen[0]) is type(value)
    assert back == value and type(back) is type(value)


def test_python_stage_returning_a_too_large_int_fails_the_node(engine):
    @engine.stage("t.big")
    def big() -> int:
        return 2**70

    program = engine.compile(source="pipeline main() {\n  n = t.big()\n  return n\n}")
    with pytest.raises(plumb.RunError) as error:
        program.run()
    assert error.value.kind == "OverflowError"
    assert error.value.node == "n" and error.value.line == 2
    assert ("t.big returned a value plumb cannot hold: int 1180591620717411303424 does not fit "
            "in plumb's 64-bit int") in str(error.value)


def test_python_stage_returning_an_object_plumb_cannot_hold(engine):
    @engine.stage("t.bad")
    def bad():
        return {"ok": [1, {2, 3}]}

    result = engine.compile(source="pipeline main() { return t.bad() }").run(raise_on_error=False)
    assert not result.ok
    assert result.error.kind == "TypeError"
    assert 'a `set` ({2, 3}) has no plumb value; use None, bool, int, float, str, list or dict ' \
           '(at ["ok"][1])' in result.error.message
