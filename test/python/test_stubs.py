"""The type stubs (plumb/_plumb.pyi) declare what the extension module defines, the package
exports what __all__ says, and the TelemetryOptions keys are the ones the engine accepts."""
import ast
import inspect
import pathlib

import plumb
from plumb import _plumb


def stub_names():
    stub = pathlib.Path(plumb.__file__).with_name("_plumb.pyi")
    tree = ast.parse(stub.read_text())
    names = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = {n.name if isinstance(n, ast.FunctionDef) else n.target.id
                                for n in node.body
                                if isinstance(n, (ast.FunctionDef, ast.AnnAssign))}
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
        elif isinstance(node, ast.AnnAssign):
            names[node.target.id] = set()
    return names


def public(members):
    return {m for m in members if not m.startswith("_") or m in ("__init__", "__enter__", "__exit__")}


def test_stubs_match_the_extension_module():
    stubs = stub_names()
    module = {name for name in dir(_plumb) if not name.startswith("_")} | {"__version__"}
    assert set(stubs) == module
    for name, members in stubs.items():
        thing = getattr(_plumb, name)
        if not inspect.isclass(thing):
            continue
        defined = public(n for n in dir(thing) if not n.startswith("__") or n in ("__enter__", "__exit__"))
        assert public(members) - {"__init__"} == defined - {"__init__"}, name


def test_package_exports():
    for name in plumb.__all__:
        assert hasattr(plumb, name), name
    assert plumb.__version__ == _plumb.__version__


def test_telemetry_options_match_the_engine():
    assert list(plumb.TelemetryOptions.__annotations__) == _plumb.telemetry_option_names()
