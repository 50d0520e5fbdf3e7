// Copies of observer events and their Python classes.
#include "python/src/events.hpp"

#include <cstdio>

namespace plumb::python {

namespace py = pybind11;

void EventBase::fill(const EventContext& context, std::string_view status_word, bool succeeded,
                     double seconds) {
  run_id = context.run_id();
  trace_id = context.trace_id();
  depth = context.depth();
  path = context.path();
  status = status_word;
  ok = succeeded;
  duration = seconds;
}

PyPipelineEvent copy_event(const PipelineEvent& e, std::string_view status) {
  PyPipelineEvent out;
  out.fill(e.context, status, e.ok, e.seconds);
  out.pipeline = e.pipeline;
  out.nested = e.nested;
  out.error = e.error;
  return out;
}

PyNodeEvent copy_event(const NodeEvent& e, std::string_view status) {
  PyNodeEvent out;
  out.fill(e.context, status, e.ok, e.seconds);
  out.pipeline = e.pipeline;
  out.node = e.node;
  out.stage = e.stage;
  out.file = e.file;
  out.line = e.line;
  out.attempt = e.attempt;
  if (e.span_id != 0) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(e.span_id));
    out.span_id = hex;
  }
  out.error_type = e.error_type;
  out.error = e.error;
  out.traceback = e.error_stacktrace;
  return out;
}

PyMapEvent copy_event(const MapEvent& e, std::string_view status) {
  PyMapEvent out;
  out.fill(e.context, status, e.ok, e.seconds);
  out.node = e.node;
  out.items_in = e.items_in;
  out.items_out = e.items_out;
  return out;
}

PyMapItemEvent copy_event(const MapItemEvent& e, std::string_view status) {
  PyMapItemEvent out;
  out.fill(e.context, status, e.ok, e.seconds);
  out.node = e.node;
  out.index = e.index;
  return out;
}

namespace {

template <typename Event>
py::class_<Event> bind_base(py::module_& m, const char* name, const char* doc) {
  py::class_<Event> c(m, name, doc);
  c.def_readonly("run_id", &Event::run_id)
      .def_readonly("trace_id", &Event::trace_id)
      .def_readonly("depth", &Event::depth)
      .def_readonly("path", &Event::path)
      .def_readonly("status", &Event::status)
      .def_readonly("ok", &Event::ok)
      .def_readonly("duration", &Event::duration);
  return c;
}

}  // namespace

void bind_events(py::module_& m) {
  bind_base<PyPipelineEvent>(m, "PipelineEvent", "A pipeline started or ended (a run or nested).")
      .def_readonly("pipeline", &PyPipelineEvent::pipeline)
      .def_readonly("nested", &PyPipelineEvent::nested)
      .def_readonly("error", &PyPipelineEvent::error)
      .def("__repr__", [](const PyPipelineEvent& e) {
        return "<plumb.PipelineEvent " + e.status + " " + e.path + ">";
      });
  bind_base<PyNodeEvent>(m, "NodeEvent", "A node started, ended, failed or was served from cache.")
      .def_readonly("pipeline", &PyNodeEvent::pipeline)
      .def_readonly("node", &PyNodeEvent::node)
      .def_readonly("stage", &PyNodeEvent::stage)
      .def_readonly("file", &PyNodeEvent::file)
      .def_readonly("line", &PyNodeEvent::line)
      .def_readonly("attempt", &PyNodeEvent::attempt)
      .def_readonly("span_id", &PyNodeEvent::span_id)
      .def_readonly("error_type", &PyNodeEvent::error_type)
      .def_readonly("error", &PyNodeEvent::error)
      .def_readonly("traceback", &PyNodeEvent::traceback)
      .def("__repr__", [](const PyNodeEvent& e) {
        return "<plumb.NodeEvent " + e.status + " " + e.path + " (" + e.stage + ")>";
      });
  bind_base<PyMapEvent>(m, "MapEvent", "A map or filter started or ended.")
      .def_readonly("node", &PyMapEvent::node)
      .def_readonly("items_in", &PyMapEvent::items_in)
      .def_readonly("items_out", &PyMapEvent::items_out)
      .def("__repr__",
           [](const PyMapEvent& e) { return "<plumb.MapEvent " + e.status + " " + e.path + ">"; });
  bind_base<PyMapItemEvent>(m, "MapItemEvent", "An item of a map or filter started or ended.")
      .def_readonly("node", &PyMapItemEvent::node)
      .def_readonly("index", &PyMapItemEvent::index)
      .def("__repr__", [](const PyMapItemEvent& e) {
        return "<plumb.MapItemEvent " + e.status + " " + e.path + ">";
      });
}

}  // namespace plumb::python
