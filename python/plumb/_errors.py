"""plumb's exceptions and diagnostics (python/plumb/_errors.py).

The extension module raises CompileError and ArgumentError from here, builds RunError for a
failed run, and recognises StageError raised by Python stages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence


class Error(Exception):
    """Base class of the errors plumb raises."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the compiler, as `plumb check` prints it."""

    file: str
    line: int
    column: int
    severity: str  # "error", "warning" or "note"
    kind: str  # "type-mismatch", ... (docs/language.md §9); "" for notes
    message: str
    notes: tuple["Diagnostic", ...] = field(default=())

    @classmethod
    def from_dict(cls, d: dict) -> "Diagnostic":
        return cls(d["file"], d["line"], d["column"], d["severity"], d["kind"], d["message"],
                   tuple(cls.from_dict(n) for n in d["notes"]))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: " if self.file else ""
        kind = f" [{self.kind}]" if self.kind else ""
        return f"{where}{self.severity}: {self.message}{kind}"


class CompileError(Error):
    """The program does not compile. str() is every diagnostic rendered as `plumb check`
    prints them (with the source line and a caret); `diagnostics` lists them."""

    def __init__(self, message: str, diagnostics: Sequence[dict] = ()):
        super().__init__(message.rstrip("\n"))
        self.diagnostics: tuple[Diagnostic, ...] = tuple(
            Diagnostic.from_dict(d) for d in diagnostics)


class CompileWarning(UserWarning):
    """A warning of the compiler about a program that compiled (an unused binding, ...)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class ArgumentError(Error, TypeError):
    """Wrong arguments for a run: unknown, missing, or of the wrong type."""


class StoreError(Error):
    """The run store (Engine(store=...)) cannot be opened; the message names it and says why."""


class RunError(Error):
    """A run failed. str() says where (`file:line:col: node `x` (stage) in pipeline `main`
    failed: message`) followed by the stage's Python traceback when it has one."""

    def __init__(self, description: str, *, kind: str, message: str, pipeline: str, node: str,
                 stage: str, file: str, line: int, column: int, traceback: str,
                 result: Any = None):
        super().__init__(description)
        self.kind = kind  # "stage_error", "timeout", "cancelled", "ValueError", ...
        self.message = message
        self.pipeline = pipeline
        self.node = node
        self.stage = stage
        self.file = file
        self.line = line
        self.column = column
        self.traceback = traceback  # the Python stage's formatted traceback, or ""
        self.result = result  # the plumb.Result of the run (nodes(), summary(), ...)


class StageError(Exception):
    """Raise it from a Python stage to fail the node with a message of your own (no exception
    type in it), to say whether @retry may try again, and how many seconds it must wait at
    least before it does (a server's Retry-After; @retry caps it at its max_backoff)."""

    def __init__(self, message: str, *, retryable: bool = True, kind: str = "stage_error",
                 retry_after: float = 0):
        super().__init__(message)
        self.retryable = retryable
        self.kind = kind
        self.retry_after = retry_after

