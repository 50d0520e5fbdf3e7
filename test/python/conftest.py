"""Shared set-up of the Python package's tests (test/python/, run by ctest through pytest).

ctest sets PYTHONPATH to build/python, PLUMB_SOURCE_DIR to the repository and PLUMB to the
`plumb` command-line tool; the fixtures here hand them to the tests.
"""
import os
import pathlib

import pytest

import plumb

SOURCE_DIR = pathlib.Path(os.environ.get("PLUMB_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
INPUTS = pathlib.Path(__file__).parent / "Inputs"


@pytest.fixture
def engine():
    """An engine with two worker threads and no telemetry export."""
    return plumb.Engine(threads=2)


@pytest.fixture
def source_dir():
    return SOURCE_DIR


@pytest.fixture
def plumb_cli():
    """The `plumb` command-line tool of the same build."""
    path = os.environ.get("PLUMB")
    if not path:
        pytest.skip("PLUMB (the plumb tool) is not set; ctest sets it")
    return path


def run_source(engine, source, **args):
    """Compiles `source` and runs it; the value of the run."""
    return engine.compile(source=source).run(**args).value
