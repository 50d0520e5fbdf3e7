// Result, NodeResult and ModelUsage for Python. A failed result's `error` is a fresh
// plumb.RunError (python/plumb/_errors.py) each time it is read, holding the result.
#include <cstdio>

#include <pybind11/stl.h>

#include "python/src/bindings.hpp"
#include "python/src/values.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

py::object run_error(const py::object& self) {
  const PyResult& r = self.cast<const PyResult&>();
  if (!r.result.error) return py::none();
  const ErrorInfo& e = *r.result.error;
  std::string description = e.describe();
  if (!e.stacktrace.empty()) description += "\n\nPython traceback of the stage:\n" + e.stacktrace;
  py::object cls = py::module_::import("plumb._errors").attr("RunError");
  return cls(description, py::arg("kind") = e.kind, py::arg("message") = e.message,
             py::arg("pipeline") = e.pipeline, py::arg("node") = e.node, py::arg("stage") = e.stage,
             py::arg("file") = e.file, py::arg("line") = e.line, py::arg("column") = e.col,
             py::arg("traceback") = e.stacktrace, py::arg("result") = self);
}

}  // namespace

void bind_result(py::module_& m) {
  py::class_<NodeResult>(m, "NodeResult", "What one node did in a run.")
      .def_readonly("pipeline", &NodeResult::pipeline)
      .def_readonly("node", &NodeResult::node)
      .def_readonly("stage", &NodeResult::stage)
      .def_readonly("file", &NodeResult::file)
      .def_readonly("line", &NodeResult::line)
      .def_readonly("column", &NodeResult::col)
      .def_readonly("runs", &NodeResult::runs)
      .def_readonly("failures", &NodeResult::failures)
      .def_readonly("retries", &NodeResult::retries)
      .def_readonly("cached", &NodeResult::cached)
      .def_readonly("seconds", &NodeResult::seconds)
      .def_readonly("error", &NodeResult::error)
      .def("__repr__", [](const NodeResult& n) {
        return "<plumb.NodeResult " + n.node + " (" + n.stage + ") " + std::to_string(n.runs) +
               " run" + (n.runs == 1 ? "" : "s") + ", " + std::to_string(n.failures) + " failed>";
      });

  py::class_<ModelCost>(m, "ModelUsage", "LLM calls, tokens and cost of one model in a run.")
      .def_readonly("model", &ModelCost::model)
      .def_readonly("calls", &ModelCost::calls)
      .def_readonly("input_tokens", &ModelCost::input_tokens)
      .def_readonly("output_tokens", &ModelCost::output_tokens)
      .def_readonly("cost_usd", &ModelCost::cost_usd)
      .def("__repr__", [](const ModelCost& u) {
        return "<plumb.ModelUsage " + u.model + " " + std::to_string(u.calls) + " calls>";
      });

  py::class_<PyResult>(m, "Result", "What a run returned: its value or error, and its statistics.")
      .def_property_readonly("value",
                             [](PyResult& r) {
                               if (!r.value) r.value = to_object(r.result.value);
                               return r.value;
                             })
      .def_property_readonly("ok", [](const PyResult& r) { return r.result.ok(); })
      .def_property_readonly("status",
                             [](const PyResult& r) {
                               switch (r.result.status) {
                                 case Status::Ok:
                                   return "ok";
                                 case Status::Failed:
                                   return "failed";
                                 case Status::Cancelled:
                                   return "cancelled";
                               }
                               return "failed";
                             })
      .def_property_readonly("error", &run_error)
      .def_property_readonly("seconds", [](const PyResult& r) { return r.result.seconds; })
      .def_property_readonly("trace_id", [](const PyResult& r) { return r.result.trace_id; })
      .def_property_readonly("run_id", [](const PyResult& r) { return r.result.run_id; })
      .def_property_readonly("spans", [](const PyResult& r) { return r.result.spans; })
      .def_property_readonly("spans_dropped",
                             [](const PyResult& r) { return r.result.spans_dropped; })
      .def_property_readonly("no_spans_reason",
                             [](const PyResult& r) { return r.result.no_spans_reason; })
      .def_property_readonly("usage", [](const PyResult& r) { return r.result.usage; })
      .def("nodes", [](const PyResult& r) { return r.result.nodes(); })
      .def("summary", [](const PyResult& r) { return r.result.summary(); })
      .def("__repr__", [](const PyResult& r) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.6g", r.result.seconds);
        return std::string("<plumb.Result ") + (r.result.ok() ? "ok" : "failed") + " in " +
               seconds + " s, run " + r.result.run_id + ">";
      });
}

}  // namespace plumb::python
