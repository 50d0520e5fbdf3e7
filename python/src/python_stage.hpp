// Stages written in Python. The `plumb` package turns a function's signature and type hints
// into a StageSignature (python/plumb/_hints.py); the stage calls the function with the GIL
// held and only then, converting its arguments and result (python/src/values.hpp). A Python
// exception fails the node with the exception's type as the error kind, its message, and the
// formatted traceback as the error's stack trace (on the span as `exception.stacktrace`).
// While the function runs, current_stage_call() gives plumb.current_span() and friends the
// stage's context.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <plumb/stage.hpp>

namespace plumb::python {

// How the function takes its parameters: the first `positional` by position, the others
// by keyword (Python's keyword-only parameters), then any extra keyword arguments.
struct PythonCallShape {
  std::size_t positional = 0;
  std::vector<std::string> keyword_only;
};

StageDef python_stage(StageSignature signature, pybind11::object function, PythonCallShape shape);

// The stage call running on this thread, while Python code of a stage runs.
struct StageCall {
  StageContext* context = nullptr;
  std::uint64_t serial = 0;  // tells a call from a later one at the same address
};
const StageCall* current_stage_call();

}  // namespace plumb::python
