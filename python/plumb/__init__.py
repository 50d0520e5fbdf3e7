"""plumb for Python: compile and run .pipe programs, write stages and observers in Python.

    import plumb

    engine = plumb.Engine()

    @engine.stage("acme.shout")
    def shout(text: str) -> str:
        return text.upper() + "!"

    program = engine.compile(source='pipeline main(name: str) { return acme.shout(name) }')
    print(program.run(name="ada").value)  # ADA!

The package wraps the extension module `plumb._plumb` (python/src/, over the C++ embedding
API). docs/python.md documents it.
"""
from __future__ import annotations

import asyncio
import os
import warnings
from typing import Any, Callable, Mapping, Optional, TypedDict, TypeVar, Union

from . import _plumb
from ._errors import (ArgumentError, CompileError, CompileWarning, Diagnostic, Error, RunError,
                      StageError, StoreError)
from ._hints import describe as _describe
from ._plumb import (RunCancellation, CurrentSpan, MapEvent, MapItemEvent, ModelUsage, NodeEvent,
                     NodeResult, PipelineEvent, Result, Span, cancelled, current_span, log,
                     seconds_left, sleep)

__version__: str = _plumb.__version__

__all__ = [
    "ArgumentError", "RunCancellation", "CompileError", "CompileWarning", "CurrentSpan",
    "Diagnostic", "Engine", "Error", "MapEvent", "MapItemEvent", "ModelUsage", "NodeEvent",
    "NodeResult", "PipelineEvent", "Program", "Result", "RunError", "Span", "StageError",
    "StoreError",
    "TelemetryOptions", "cancelled", "current_span", "log", "seconds_left", "sleep", "span",
]

_Function = TypeVar("_Function", bound=Callable[..., Any])


class TelemetryOptions(TypedDict, total=False):
    """Engine(telemetry={...}): spans, metrics and logs and where they go
    (docs/telemetry.md). Options left out take the OpenTelemetry environment variables."""

    enabled: bool  # False: no spans
    chrome_trace_path: str  # write a Chrome trace JSON file (Perfetto)
    otlp_endpoint: str  # OTLP base URL
    otlp_protocol: str  # grpc | http/protobuf | http/json
    otlp_metrics: bool  # export metrics over OTLP too
    otlp_file: str  # write spans as OTLP JSON Lines
    metrics_port: int  # serve /metrics and /health on this port
    metrics_addr: str
    push_gateway: str  # Prometheus Pushgateway URL: push the metrics after each run
    push_job: str
    influx_url: str  # push metrics in Influx line protocol to URL/write
    log_format: str  # text | json
    log_level: str  # debug | info | warn | error
    log_file: str  # rotated by size; default stderr
    log_file_max_bytes: int
    log_file_max_files: int
    redact_keys: list[str]  # key patterns whose values are redacted
    trace_io: bool  # node inputs and outputs on spans
    shutdown_timeout_seconds: float  # how long the last export may take
    max_series_per_metric: int


def span(name: str) -> Span:
    """A child span of the running stage's node: `with plumb.span("db.query") as s: ...`."""
    return Span(name)


class Engine:
    """Compiles programs and runs them: the standard library's stages plus the ones registered
    here, a pool of worker threads, telemetry, and observers.

    threads: worker threads (None: one per core). backend: "auto" (the JIT when a map,
    filter or loop body evaluates expressions), "interp" or "jit". store: None to record no
    runs, or where to record every run of the engine's programs (docs/store.md): a file path
    such as ".plumb/runs.db" (its folder is created) or a PostgreSQL URL; `plumb runs` and
    `plumb show` read it, and Result.run_id is the stored run's id. telemetry: None for the
    defaults and the OpenTelemetry environment variables, False for no spans, or a
    TelemetryOptions dict. jit_opt: the JIT's optimisation level, 0 or 2. jit_cache_dir: a
    folder for compiled code kept between processes (default: in memory only).
    """

    def __init__(self, threads: Optional[int] = None, backend: str = "auto",
                 store: Union[str, os.PathLike[str], None] = None,
                 telemetry: Union[TelemetryOptions, Mapping[str, Any], bool, None] = None, *,
                 jit_opt: int = 2, jit_cache_dir: Union[str, os.PathLike[str], None] = None):
        if telemetry is None or telemetry is True:
            options: dict[str, Any] = {}
        elif telemetry is False:
            options = {"enabled": False}
        elif isinstance(telemetry, Mapping):
            options = dict(telemetry)
        else:
            raise TypeError("telemetry must be a dict of TelemetryOptions, True, False or None, "
                            f"not {type(telemetry).__name__}")
        if threads is not None and (isinstance(threads, bool) or threads < 1):
            raise ValueError(f"threads must be at least 1 (or None for one per core), not {threads!r}")
        store_location = "" if store is None else os.fspath(store)
        if store is not None and not store_location:
            raise ValueError("store must name a file or a PostgreSQL URL (or be None), not \"\"")
        self._native = _plumb.Engine(0 if threads is None else threads, backend, store_location,
                                     jit_opt, os.fspath(jit_cache_dir) if jit_cache_dir else "",
                                     options)

    def stage(self, name: str, *, purity: str = "pure", version: str = "1",
              blocking: Optional[bool] = None,
              summary: Optional[str] = None) -> Callable[[_Function], _Function]:
        """Registers the decorated function as the stage `name` (`namespace.name`) for programs
        compiled afterwards; its parameters and type hints are the stage's signature. purity:
        "pure" (may be cached, deduplicated, dropped when unused), "volatile" or "effect"
        (docs/language.md). blocking: whether calls may wait on the outside world and so run on
        the I/O threads (default: volatile and effect stages do). The function is returned
        unchanged."""

        def register(function: _Function) -> _Function:
            self.register_stage(name, function, purity=purity, version=version,
                                blocking=blocking, summary=summary)
            return function

        return register

    def register_stage(self, name: str, function: Callable[..., Any], *, purity: str = "pure",
                       version: str = "1", blocking: Optional[bool] = None,
                       summary: Optional[str] = None) -> None:
        """Registers `function` as the stage `name`; see stage()."""
        description = _describe(name, function, purity=purity, version=version, summary=summary,
                                blocking=blocking)
        self._native.register_stage(description, function)

    @property
    def stages(self) -> list[str]:
        """The names of every stage programs may call, sorted."""
        return self._native.stage_names

    def add_observer(self, observer: Any) -> None:
        """Calls the observer's methods (on_node_end(event), on_map_item_start(event), ...; any
        of the C++ Observer's) during the runs that start afterwards, from the threads running
        the nodes. docs/python.md lists the methods and their events."""
        self._native.add_observer(observer)

    def remove_observer(self, observer: Any) -> bool:
        """Runs that start afterwards no longer call the observer; False if it was not added."""
        return self._native.remove_observer(observer)

    def compile(self, path: Union[str, os.PathLike[str], None] = None, *,
                source: Optional[str] = None, name: Optional[str] = None,
                entry: Optional[str] = None) -> "Program":
        """Compiles a .pipe file, or `source` text (named `name` in messages; its imports are
        relative to the folder of `name`). entry: the pipeline to run (default `main`, or the
        file's only pipeline). Raises CompileError; warnings are issued as CompileWarning."""
        if (path is None) == (source is None):
            raise TypeError("compile() takes a path or source=..., exactly one of them")
        if path is not None:
            native = self._native.compile_file(os.fspath(path), entry or "")
        else:
            native = self._native.compile_string(name or "<source>", source, entry or "")
        program = Program(native, self)
        for diagnostic in program.warnings:
            warnings.warn(CompileWarning(diagnostic), stacklevel=2)
        return program


class Program:
    """A compiled program. One program may run from several threads at once."""

    __slots__ = ("_native", "engine")

    def __init__(self, native: _plumb.Program, engine: Engine):
        self._native = native
        self.engine = engine

    @property
    def entry(self) -> str:
        """The pipeline run() runs."""
        return self._native.entry

    @property
    def parameters(self) -> list[str]:
        """The entry pipeline's parameter names, in order."""
        return self._native.parameters

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        """The compiler's warnings about the program."""
        return tuple(Diagnostic.from_dict(d) for d in self._native.warnings)

    def run(self, args: Optional[Mapping[str, Any]] = None, /, *, raise_on_error: bool = True,
            cancel: Optional[RunCancellation] = None, traceparent: Optional[str] = None,
            **kwargs: Any) -> Result:
        """Runs the entry pipeline with arguments given as a dict, as keywords, or both
        (arguments named like run()'s own options go in the dict). Raises ArgumentError for
        unknown, missing or mistyped arguments, and RunError when the run fails unless
        raise_on_error is False. cancel: a RunCancellation that stops the run. traceparent: the
        W3C context of a caller's span. The GIL is released while the program runs; Ctrl-C
        on the main thread cancels the run and raises KeyboardInterrupt."""
        result = self._native.run(_arguments(args, kwargs), cancel, traceparent)
        if raise_on_error and not result.ok:
            raise result.error
        return result

    async def run_async(self, args: Optional[Mapping[str, Any]] = None, /, *,
                        raise_on_error: bool = True, cancel: Optional[RunCancellation] = None,
                        traceparent: Optional[str] = None, **kwargs: Any) -> Result:
        """run() on a thread of the event loop's default executor, so the loop goes on.
        Cancelling the awaiting task cancels the run (and waits for it to stop)."""
        arguments = _arguments(args, kwargs)
        own = RunCancellation()
        tokens = (own,) if cancel is None else (own, cancel)
        future = asyncio.get_running_loop().run_in_executor(None, self._native.run, arguments,
                                                             tokens, traceparent)
        try:
            result = await asyncio.shield(future)
        except asyncio.CancelledError:
            own.cancel("the awaiting task was cancelled")
            await asyncio.wait([future])
            if not future.cancelled():
                future.exception()  # retrieved: the run's outcome no longer matters
            raise
        if raise_on_error and not result.ok:
            raise result.error
        return result


def _arguments(args: Optional[Mapping[str, Any]], keywords: dict[str, Any]) -> dict[str, Any]:
    if args is None:
        return keywords
    if not isinstance(args, Mapping):
        raise TypeError("run() takes the pipeline's arguments as a dict or as keywords, not "
                        f"{type(args).__name__}")
    merged = dict(args)
    for key in keywords:
        if key in merged:
            raise TypeError(f"argument `{key}` is given twice")
    merged.update(keywords)
    return merged
