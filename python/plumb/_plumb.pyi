# Type stubs of the extension module plumb._plumb (python/src/), for editors and type
# checkers. The package `plumb` re-exports the public names; test/python/test_stubs.py
# checks that these stubs and the module agree.
from typing import Any, Callable, Iterable, Optional, Sequence, Union

__version__: str

class RunCancellation:
    def __init__(self) -> None: ...
    def cancel(self, reason: str = "") -> None: ...
    @property
    def cancelled(self) -> bool: ...
    @property
    def reason(self) -> str: ...

class NodeResult:
    pipeline: str
    node: str
    stage: str
    file: str
    line: int
    column: int
    runs: int
    failures: int
    retries: int
    cached: int
    seconds: float
    error: str

class ModelUsage:
    model: str
    calls: int
    input_tokens: int
    output_tokens: int
    cost_usd: float

class Result:
    @property
    def value(self) -> Any: ...
    @property
    def ok(self) -> bool: ...
    @property
    def status(self) -> str: ...
    @property
    def error(self) -> Optional[Any]: ...  # plumb.RunError
    @property
    def seconds(self) -> float: ...
    @property
    def trace_id(self) -> str: ...
    @property
    def run_id(self) -> str: ...
    @property
    def spans(self) -> int: ...
    @property
    def spans_dropped(self) -> int: ...  # spans a network exporter dropped (queue full)
    @property
    def no_spans_reason(self) -> str: ...  # why spans is 0
    @property
    def usage(self) -> list[ModelUsage]: ...
    def nodes(self) -> list[NodeResult]: ...
    def summary(self) -> str: ...

class PipelineEvent:
    run_id: str
    trace_id: str
    depth: int
    path: str
    status: str
    ok: bool
    duration: float
    pipeline: str
    nested: bool
    error: str

class NodeEvent:
    run_id: str
    trace_id: str
    depth: int
    path: str
    status: str
    ok: bool
    duration: float
    pipeline: str
    node: str
    stage: str
    file: str
    line: int
    attempt: int
    span_id: str
    error_type: str
    error: str
    traceback: str

class MapEvent:
    run_id: str
    trace_id: str
    depth: int
    path: str
    status: str
    ok: bool
    duration: float
    node: str
    items_in: int
    items_out: int

class MapItemEvent:
    run_id: str
    trace_id: str
    depth: int
    path: str
    status: str
    ok: bool
    duration: float
    node: str
    index: int

class CurrentSpan:
    def set(self, key: str, value: Any) -> None: ...
    @property
    def traceparent(self) -> str: ...

class Span:
    def __init__(self, name: str) -> None: ...
    def __enter__(self) -> "Span": ...
    def __exit__(self, type: Any, value: Any, traceback: Any) -> bool: ...
    def set(self, key: str, value: Any) -> None: ...
    @property
    def recording(self) -> bool: ...

class StageDescription:
    name: str
    params: list[tuple[str, Any, bool, Any, bool]]
    extra_keywords: str
    result: Any
    purity: str
    version: str
    summary: str
    blocking: Optional[bool]
    def __init__(self) -> None: ...

class Program:
    def run(self, args: Optional[dict[str, Any]],
            cancel: Union[RunCancellation, Sequence[RunCancellation], None],
            traceparent: Optional[str]) -> Result: ...
    @property
    def entry(self) -> str: ...
    @property
    def parameters(self) -> list[str]: ...
    @property
    def warnings(self) -> list[dict[str, Any]]: ...

class Engine:
    def __init__(self, threads: int, backend: str, store: str, jit_opt: int, jit_cache_dir: str,
                 telemetry: dict[str, Any]) -> None: ...
    def register_stage(self, description: StageDescription,
                       function: Callable[..., Any]) -> None: ...
    @property
    def stage_names(self) -> list[str]: ...
    def add_observer(self, observer: Any) -> None: ...
    def remove_observer(self, observer: Any) -> bool: ...
    def compile_file(self, path: str, entry: str) -> Program: ...
    def compile_string(self, name: str, source: str, entry: str) -> Program: ...

def telemetry_option_names() -> list[str]: ...
def current_span() -> CurrentSpan: ...
def cancelled() -> bool: ...
def sleep(seconds: float) -> bool: ...
def seconds_left() -> float: ...
def log(level: str, message: str, **fields: Any) -> None: ...
