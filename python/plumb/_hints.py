"""Stage signatures from Python functions (python/plumb/_hints.py).

`describe(name, function, ...)` reads a function's parameters and type hints and returns the
description the extension module registers: every parameter with its plumb type, default and
whether it is keyword-only, the name of a `**kwargs` parameter (the stage then takes extra
keyword arguments), and the result type. Hints map to plumb types:

    int, float, str, bool, None         int, float, str, bool, null
    Any, object, no hint                any
    list[T], List[T], Sequence[T],
    tuple[T, ...], tuple                list[T]
    dict, dict[str, T], Mapping[str, T] record (open)
    a TypedDict with only required keys a closed record with those fields
    Optional[T], T | None               T?
    Literal["a", "b"]                   the literals' type, when they share one
    a union of several types            any

Anything else (bytes, set, a class of your own) raises TypeError naming the parameter.
"""
from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from typing import Any, Callable, Union

from . import _plumb

_SCALARS = {int: "int", float: "float", str: "str", bool: "bool", type(None): "null"}
_LISTS = {list, tuple, collections.abc.Sequence, collections.abc.MutableSequence,
          collections.abc.Iterable, collections.abc.Collection}
_RECORDS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}


def type_spec(hint: Any, where: str) -> Any:
    """The plumb type spec of a type hint (see the module's documentation)."""
    if hint is inspect.Parameter.empty or hint is Any or hint is object:
        return "any"
    if hint is None:
        return "null"
    if hint in _SCALARS:
        return _SCALARS[hint]
    if typing.is_typeddict(hint):
        return _typed_dict(hint, where)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        others = [a for a in args if a is not type(None)]
        inner = type_spec(others[0], where) if len(others) == 1 else "any"
        return ("nullable", inner) if len(others) < len(args) else inner
    if origin is typing.Literal:
        kinds = {type_spec(type(a), where) for a in args}
        return kinds.pop() if len(kinds) == 1 else "any"
    if hint in _LISTS or origin in _LISTS:
        if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
            specs = [type_spec(a, where) for a in args]
            return ("list", specs[0] if all(s == specs[0] for s in specs) else "any")
        return ("list", type_spec(args[0], where) if args else "any")
    if hint in _RECORDS or origin in _RECORDS:
        if args and args[0] not in (str, Any):
            raise TypeError(f"{where}: a record's keys are str, so `{_name(hint)}` cannot be "
                            "its type; use dict[str, ...]")
        return "record"
    raise TypeError(f"{where}: the type hint `{_name(hint)}` has no plumb type; use int, float, "
                    "str, bool, None, list[...], dict[str, ...], a TypedDict, Optional[...] or "
                    "Any")


def _typed_dict(hint: Any, where: str) -> Any:
    if getattr(hint, "__optional_keys__", frozenset()):
        return "record"  # keys that may be missing: only an open record holds them
    fields = typing.get_type_hints(hint)
    return ("record", tuple((key, type_spec(value, f"{where}, key `{key}`"))
                            for key, value in fields.items()))


def _name(hint: Any) -> str:
    return getattr(hint, "__qualname__", None) or repr(hint)


def describe(name: str, function: Callable[..., Any], *, purity: str, version: str,
             summary: str | None, blocking: bool | None) -> _plumb.StageDescription:
    """The description of `function` as the stage `name`."""
    if not callable(function):
        raise TypeError(f"stage `{name}`: {function!r} is not callable")
    signature = inspect.signature(function)
    try:
        hints = typing.get_type_hints(function)
    except Exception as error:  # an annotation naming something that does not exist
        raise TypeError(f"stage `{name}`: cannot resolve the type hints of "
                        f"{_name(function)}: {error}") from error
    description = _plumb.StageDescription()
    description.name = name
    params = []
    for param in signature.parameters.values():
        where = f"stage `{name}`, parameter `{param.name}`"
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            raise TypeError(f"{where}: *{param.name} is not supported; plumb passes arguments "
                            "by name or position to named parameters")
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            description.extra_keywords = param.name
            continue
        spec = type_spec(hints.get(param.name, inspect.Parameter.empty), where)
        has_default = param.default is not inspect.Parameter.empty
        params.append((param.name, spec, has_default, param.default if has_default else None,
                       param.kind is inspect.Parameter.KEYWORD_ONLY))
    description.params = params
    description.result = type_spec(hints.get("return", inspect.Parameter.empty),
                                   f"stage `{name}`, the result")
    description.purity = purity
    description.version = version
    description.summary = summary if summary is not None else _first_line(function)
    description.blocking = blocking
    return description


def _first_line(function: Callable[..., Any]) -> str:
    doc = inspect.getdoc(function) or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""
