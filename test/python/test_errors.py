"""Errors: compile errors with their diagnostics (formatted as `plumb check` prints them),
argument errors, run failures raised as RunError with the node, file and line (or returned
with raise_on_error=False), and compiler warnings as CompileWarning."""
import subprocess
import warnings

import pytest

import plumb
from conftest import INPUTS


def test_compile_error_lists_diagnostics_and_reads_like_plumb_check(engine, plumb_cli):
    path = INPUTS / "broken.pipe"
    with pytest.raises(plumb.CompileError) as error:
        engine.compile(path)
    check = subprocess.run([plumb_cli, "check", str(path)], capture_output=True, text=True)
    assert check.returncode != 0
    assert str(error.value) == check.stderr.rstrip("\n")
    kinds = [(d.line, d.column, d.severity, d.kind) for d in error.value.diagnostics]
    assert kinds == [(3, 9, "error", "type-mismatch"), (4, 10, "error", "unknown-function")]
    first = error.value.diagnostics[0]
    assert first.file == str(path)
    assert "`+`" in first.message
    assert str(first).startswith(f"{path}:3:9: error: ")
    assert str(first).endswith(" [type-mismatch]")


def test_compile_error_says_how_to_see_the_diagnostics_left_out(engine):
    source = "pipeline main() {\n" + "".join(f"  x{i} = nope{i}\n" for i in range(25)) + "  return 1\n}"
    with pytest.raises(plumb.CompileError) as error:
        engine.compile(source=source, name="many.pipe")
    assert "5 more errors not shown (CompileError.diagnostics has them all)" in str(error.value)
    assert "--max-diagnostics" not in str(error.value)
    assert len(error.value.diagnostics) == 25


def test_compile_error_from_source_names_the_source(engine):
    with pytest.raises(plumb.CompileError) as error:
        engine.compile(source="pipeline main() {\n  return x\n}", name="inline.pipe")
    assert str(error.value).startswith("inline.pipe:2:10: error: ")
    assert error.value.diagnostics[0].kind == "undefined-name"


def test_unreadable_file_and_missing_entry(engine, tmp_path):
    with pytest.raises(plumb.CompileError, match=r"cannot read .*missing\.pipe") as error:
        engine.compile(tmp_path / "missing.pipe")
    assert error.value.diagnostics == ()
    with pytest.raises(plumb.CompileError, match="no pipeline `other` in the file; it defines `main`"):
        engine.compile(INPUTS / "divide.pipe", entry="other")


def test_compile_takes_a_path_or_source(engine):
    with pytest.raises(TypeError, match="exactly one"):
        engine.compile()
    with pytest.raises(TypeError, match="exactly one"):
        engine.compile(INPUTS / "divide.pipe", source="pipeline main() {}")


def test_argument_errors(engine):
    program = engine.compile(INPUTS / "divide.pipe")
    assert program.entry == "main"
    assert program.parameters == ["n", "d"]
    with pytest.raises(plumb.ArgumentError, match="missing argument `n` of pipeline `main`"):
        program.run()
    with pytest.raises(plumb.ArgumentError,
                       match="pipeline `main` has no parameter `m`; its parameters are `n`, `d`"):
        program.run(n=1, m=2)
    with pytest.raises(plumb.ArgumentError, match=r'argument `n` must be `int`, not `str` \("1"\)'):
        program.run(n="1")
    with pytest.raises(TypeError, match="argument `n` is given twice"):
        program.run({"n": 1}, n=2)
    with pytest.raises(TypeError, match="not list"):
        program.run([1])
    assert issubclass(plumb.ArgumentError, TypeError)


def test_arguments_as_dict_keywords_or_both(engine):
    program = engine.compile(INPUTS / "divide.pipe")
    assert program.run({"n": 7, "d": 2}).value == 3.5
    assert program.run(n=7, d=2).value == 3.5
    assert program.run({"n": 7}, d=2).value == 3.5


def test_option_names_can_be_pipeline_arguments_through_the_dict(engine):
    program = engine.compile(source="pipeline main(cancel: int) { return cancel * 2 }")
    assert program.run({"cancel": 4}).value == 8


def test_run_error_names_node_file_and_line(engine):
    path = INPUTS / "divide.pipe"
    program = engine.compile(path)
    with pytest.raises(plumb.RunError) as error:
        program.run(n=1)
    e = error.value
    assert (e.kind, e.node, e.pipeline, e.line, e.column) == ("division_by_zero", "q", "main", 3, 7)
    assert e.file == str(path)
    assert str(e) == f"{path}:3:7: node `q` in pipeline `main` failed: division by zero"
    assert e.traceback == ""
    assert not e.result.ok and e.result.error.node == "q"


def test_node_result_names_its_node_like_the_run_error(engine):
    path = INPUTS / "divide.pipe"
    result = engine.compile(path).run(n=1, raise_on_error=False)
    [node] = result.nodes()
    e = result.error
    assert (node.pipeline, node.node, node.file, node.line, node.column) == (
        e.pipeline, e.node, e.file, e.line, e.column)
    assert (node.line, node.column, node.failures) == (3, 7, 1)


def test_run_failure_returned_with_raise_on_error_false(engine):
    program = engine.compile(INPUTS / "divide.pipe")
    result = program.run(n=1, raise_on_error=False)
    assert not result.ok and result.status == "failed"
    assert result.value is None
    assert isinstance(result.error, plumb.RunError)
    assert result.error.kind == "division_by_zero"
    assert "error    " in result.summary()
    ok = program.run(n=6, d=3, raise_on_error=False)
    assert ok.ok and ok.error is None and ok.value == 2


def test_result_reports_ids_statistics_and_summary(engine):
    result = engine.compile(INPUTS / "divide.pipe").run(n=6, d=3)
    assert len(result.trace_id) == 32 and int(result.trace_id, 16) >= 0
    assert len(result.run_id) == 16 and int(result.run_id, 16) >= 0
    assert result.seconds > 0
    assert [n.node for n in result.nodes()] == ["q"]
    node = result.nodes()[0]
    assert (node.runs, node.failures, node.retries, node.line) == (1, 0, 0, 3)
    assert result.summary().startswith("── plumb run summary ──\nstatus   ok")
    assert result.usage == []
    assert repr(result).startswith("<plumb.Result ok in ")


def test_compiler_warnings_become_compile_warnings(engine):
    source = "pipeline main() {\n  unused = 1 + 2\n  return 3\n}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        program = engine.compile(source=source, name="warn.pipe")
    assert [type(w.message) for w in caught] == [plumb.CompileWarning]
    diagnostic = caught[0].message.diagnostic
    assert (diagnostic.kind, diagnostic.severity, diagnostic.line) == ("unused-binding", "warning", 2)
    assert str(caught[0].message).startswith("warn.pipe:2:3: warning: ")
    assert program.warnings == (diagnostic,)
    assert program.run().value == 3


def test_engine_options_are_checked():
    with pytest.raises(ValueError, match='backend must be "auto", "interp" or "jit", not "llvm"'):
        plumb.Engine(backend="llvm")
    with pytest.raises(ValueError, match="threads must be at least 1"):
        plumb.Engine(threads=0)
    with pytest.raises(ValueError, match="jit_opt must be 0 or 2, not 1"):
        plumb.Engine(jit_opt=1)
    with pytest.raises(TypeError, match="unknown telemetry option `colour`; the options are enabled"):
        plumb.Engine(telemetry={"colour": True})
    with pytest.raises(TypeError, match="telemetry option `otlp_file` must be a str, not int"):
        plumb.Engine(telemetry={"otlp_file": 3})
