// Observers written in Python: any object with some of the Observer methods (on_node_end,
// on_map_item_start, ...). The methods it has are looked up once, when it is added; events
// of the others cost nothing. Each call takes the GIL on the thread that reports the event
// and passes a copy of the event (python/src/events.hpp). An exception in an observer does not
// disturb the run: it goes to sys.unraisablehook, which prints it.
#pragma once

#include <array>

#include <pybind11/pybind11.h>
#include <plumb/observer.hpp>

namespace plumb::python {

class PythonObserver : public Observer {
 public:
  explicit PythonObserver(pybind11::object target);  // with the GIL
  ~PythonObserver() override;

  PyObject* target() const { return target_.ptr(); }

  void on_pipeline_start(const PipelineEvent& e) override;
  void on_pipeline_end(const PipelineEvent& e) override;
  void on_node_start(const NodeEvent& e) override;
  void on_node_end(const NodeEvent& e) override;
  void on_node_cached(const NodeEvent& e) override;
  void on_node_error(const NodeEvent& e) override;
  void on_nested_pipeline_start(const PipelineEvent& e) override;
  void on_nested_pipeline_end(const PipelineEvent& e) override;
  void on_map_start(const MapEvent& e) override;
  void on_map_item_start(const MapItemEvent& e) override;
  void on_map_item_end(const MapItemEvent& e) override;
  void on_map_end(const MapEvent& e) override;

  enum Method : std::size_t {
    PipelineStart,
    PipelineEnd,
    NodeStart,
    NodeEnd,
    NodeCached,
    NodeError,
    NestedStart,
    NestedEnd,
    MapStart,
    MapItemStart,
    MapItemEnd,
    MapEnd,
    kMethods
  };

 private:
  template <typename Event, typename Copy>
  void call(Method method, const Event& event, const Copy& copy);

  pybind11::object target_;
  std::array<pybind11::object, kMethods> methods_;  // null where the target has none
};

}  // namespace plumb::python
