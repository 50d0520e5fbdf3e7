// The events Python observers receive: copies of the C++ events (whose strings live only for
// the call), with the context's run id, trace id, depth and path, a status (`started`, `ok`,
// `error` or `cached`) and the duration in seconds.
#pragma once

#include <cstdint>
#include <string>

#include <pybind11/pybind11.h>
#include <plumb/observer.hpp>

namespace plumb::python {

struct EventBase {
  std::string run_id;
  std::string trace_id;
  int depth = 0;
  std::string path;
  std::string status;
  bool ok = true;
  double duration = 0;

  void fill(const EventContext& context, std::string_view status_word, bool succeeded,
            double seconds);
};

struct PyPipelineEvent : EventBase {
  std::string pipeline;
  bool nested = false;
  std::string error;
};

struct PyNodeEvent : EventBase {
  std::string pipeline;
  std::string node;
  std::string stage;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t attempt = 1;
  std::string span_id;  // 16 hex digits; empty when the node has no span
  std::string error_type;
  std::string error;
  std::string traceback;
};

struct PyMapEvent : EventBase {
  std::string node;
  std::int64_t items_in = 0;
  std::int64_t items_out = 0;
};

struct PyMapItemEvent : EventBase {
  std::string node;
  std::int64_t index = 0;
};

PyPipelineEvent copy_event(const PipelineEvent& e, std::string_view status);
PyNodeEvent copy_event(const NodeEvent& e, std::string_view status);
PyMapEvent copy_event(const MapEvent& e, std::string_view status);
PyMapItemEvent copy_event(const MapItemEvent& e, std::string_view status);

void bind_events(pybind11::module_& m);

}  // namespace plumb::python
