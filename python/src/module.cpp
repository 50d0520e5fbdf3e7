// The `plumb._plumb` extension module: the embedding API (<plumb/plumb.hpp>) for the `plumb`
// Python package (python/plumb/), which wraps it. C++ exceptions become plumb's Python
// exceptions: CompileError with its diagnostics, ArgumentError, StoreError, and TypeError,
// OverflowError or ValueError for values plumb cannot hold.
#include <pybind11/pybind11.h>

#include "python/src/bindings.hpp"
#include "python/src/events.hpp"
#include "python/src/stage_api.hpp"
#include "python/src/values.hpp"

namespace py = pybind11;

namespace plumb::python {
namespace {

void raise_python(const char* class_name, const py::object& exception) {
  py::object cls = py::module_::import("plumb._errors").attr(class_name);
  PyErr_SetObject(cls.ptr(), exception.ptr());
}

void translate(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const CompileError& e) {
    py::list diagnostics;
    for (const Diagnostic& d : e.diagnostics())
      diagnostics.append(diagnostic_dict(d));
    py::object cls = py::module_::import("plumb._errors").attr("CompileError");
    raise_python("CompileError", cls(std::string(e.what()), diagnostics));
  } catch (const ArgumentError& e) {
    py::object cls = py::module_::import("plumb._errors").attr("ArgumentError");
    raise_python("ArgumentError", cls(std::string(e.what())));
  } catch (const StoreError& e) {
    py::object cls = py::module_::import("plumb._errors").attr("StoreError");
    raise_python("StoreError", cls(std::string(e.what())));
  } catch (const ConversionError& e) {
    PyErr_SetString(e.python_type(), e.what());
  }
}

}  // namespace
}  // namespace plumb::python

PYBIND11_MODULE(_plumb, m) {
  m.doc() = "plumb's embedding API; use it through the `plumb` package";
  m.attr("__version__") = PLUMB_VERSION;
  py::register_exception_translator([](std::exception_ptr failure) {
    if (!failure) return;
    try {
      plumb::python::translate(failure);
    } catch (py::error_already_set& e) {
      e.restore();
    }
  });
  plumb::python::bind_engine(m);
  plumb::python::bind_result(m);
  plumb::python::bind_events(m);
  plumb::python::bind_stage_api(m);
}
