// The parts of the `plumb._plumb` extension module, each binding one area of the embedding
// API (module.cpp puts them together and translates C++ exceptions into plumb's Python ones).
#pragma once

#include <pybind11/pybind11.h>
#include <plumb/plumb.hpp>

namespace plumb::python {

void bind_engine(pybind11::module_& m);  // Engine, Program, RunCancellation
void bind_result(pybind11::module_& m);  // Result, NodeResult, ModelUsage

// A run's result as Python sees it; the value is converted when first read.
struct PyResult {
  Result result;
  pybind11::object value;  // null until read
};

// The options of TelemetryOptions by name, from a dict (unknown names are a TypeError).
TelemetryOptions telemetry_options(const pybind11::dict& options);
// The names telemetry_options() accepts, in TelemetryOptions order.
pybind11::list telemetry_option_names();

// A diagnostic as a dict: file, line, column, severity, kind, message, notes.
pybind11::dict diagnostic_dict(const Diagnostic& diagnostic);

}  // namespace plumb::python
