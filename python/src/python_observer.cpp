// PythonObserver: the target's methods, called under the GIL with a copy of each event.
#include "python/src/python_observer.hpp"

#include "python/src/events.hpp"
#include "python/src/gil.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

constexpr std::array<const char*, PythonObserver::kMethods> kMethodNames = {
    "on_pipeline_start",
    "on_pipeline_end",
    "on_node_start",
    "on_node_end",
    "on_node_cached",
    "on_node_error",
    "on_nested_pipeline_start",
    "on_nested_pipeline_end",
    "on_map_start",
    "on_map_item_start",
    "on_map_item_end",
    "on_map_end",
};

std::string_view end_status(bool ok) {
  return ok ? "ok" : "error";
}

}  // namespace

PythonObserver::PythonObserver(py::object target) : target_(std::move(target)) {
  bool any = false;
  for (std::size_t i = 0; i < kMethods; ++i) {
    if (!py::hasattr(target_, kMethodNames[i])) continue;
    py::object method = target_.attr(kMethodNames[i]);
    if (!PyCallable_Check(method.ptr())) {
      throw py::type_error(std::string("observer attribute `") + kMethodNames[i] +
                           "` is not callable");
    }
    methods_[i] = std::move(method);
    any = true;
  }
  if (!any) {
    throw py::type_error(
        "an observer needs at least one of the methods on_pipeline_start, "
        "on_pipeline_end, on_node_start, on_node_end, on_node_cached, "
        "on_node_error, on_nested_pipeline_start, on_nested_pipeline_end, "
        "on_map_start, on_map_item_start, on_map_item_end, on_map_end");
  }
}

PythonObserver::~PythonObserver() {
  // The last run holding the observer may end on any thread.
  if (interpreter_exiting()) {
    for (py::object& method : methods_)
      (void)method.release();
    (void)target_.release();
    return;
  }
  GilHold gil;
  for (py::object& method : methods_)
    method = py::object();
  target_ = py::object();
}

template <typename Event, typename Copy>
void PythonObserver::call(Method method, const Event& event, const Copy& copy) {
  if (!methods_[method] || interpreter_exiting()) return;
  GilHold gil;
  try {
    methods_[method](copy(event));
  } catch (py::error_already_set& e) {
    e.discard_as_unraisable(methods_[method]);
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
    PyErr_WriteUnraisable(methods_[method].ptr());
  }
}

void PythonObserver::on_pipeline_start(const PipelineEvent& e) {
  call(PipelineStart, e, [](const PipelineEvent& x) { return copy_event(x, "started"); });
}
void PythonObserver::on_pipeline_end(const PipelineEvent& e) {
  call(PipelineEnd, e, [](const PipelineEvent& x) { return copy_event(x, end_status(x.ok)); });
}
void PythonObserver::on_node_start(const NodeEvent& e) {
  call(NodeStart, e, [](const NodeEvent& x) { return copy_event(x, "started"); });
}
void PythonObserver::on_node_end(const NodeEvent& e) {
  call(NodeEnd, e, [](const NodeEvent& x) { return copy_event(x, end_status(x.ok)); });
}
void PythonObserver::on_node_cached(const NodeEvent& e) {
  call(NodeCached, e, [](const NodeEvent& x) { return copy_event(x, "cached"); });
}
void PythonObserver::on_node_error(const NodeEvent& e) {
  call(NodeError, e, [](const NodeEvent& x) { return copy_event(x, "error"); });
}
void PythonObserver::on_nested_pipeline_start(const PipelineEvent& e) {
  call(NestedStart, e, [](const PipelineEvent& x) { return copy_event(x, "started"); });
}
void PythonObserver::on_nested_pipeline_end(const PipelineEvent& e) {
  call(NestedEnd, e, [](const PipelineEvent& x) { return copy_event(x, end_status(x.ok)); });
}
void PythonObserver::on_map_start(const MapEvent& e) {
  call(MapStart, e, [](const MapEvent& x) { return copy_event(x, "started"); });
}
void PythonObserver::on_map_item_start(const MapItemEvent& e) {
  call(MapItemStart, e, [](const MapItemEvent& x) { return copy_event(x, "started"); });
}
void PythonObserver::on_map_item_end(const MapItemEvent& e) {
  call(MapItemEnd, e, [](const MapItemEvent& x) { return copy_event(x, end_status(x.ok)); });
}
void PythonObserver::on_map_end(const MapEvent& e) {
  call(MapEnd, e, [](const MapEvent& x) { return copy_event(x, end_status(x.ok)); });
}

}  // namespace plumb::python
