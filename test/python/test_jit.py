"""The embedding with the JIT back end: the same programs, Python stages included, give the
same values with backend="jit" as with the interpreter."""
import pytest

import plumb

PROGRAM = """
pipeline main(n: int) {
  xs = range(n)
  scored = map x in xs {
    y = x * 3 + 1
    z = acme.half(y)
    yield {x: x, y: y, z: z, big: y > 100 ? "big" : "small"}
  }
  evens = filter r in scored { r.x % 2 == 0 }
  return {count: len(evens), first: scored[0], last: evens[len(evens) - 1]}
}
"""


def make(backend):
    engine = plumb.Engine(threads=2, backend=backend)

    @engine.stage("acme.half")
    def half(y: int) -> float:
        return y / 2

    return engine.compile(source=PROGRAM)


@pytest.mark.parametrize("n", [1, 10, 1000])
def test_jit_and_interpreter_agree(n):
    assert make("jit").run(n=n).value == make("interp").run(n=n).value


def test_jit_errors_match_the_interpreter():
    source = "pipeline main(xs: list[int]) { return map x in xs { yield 100 / x } }"
    errors = []
    for backend in ("jit", "interp"):
        program = plumb.Engine(backend=backend).compile(source=source)
        assert program.run(xs=[1, 2, 4]).value == [100, 50, 25]
        errors.append(str(program.run(xs=[1, 0], raise_on_error=False).error))
    assert errors[0] == errors[1]
    assert "division by zero" in errors[0]
