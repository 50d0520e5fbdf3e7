// What Python code running as a stage can ask of plumb: plumb.current_span() (attributes on
// the node's span, its traceparent), plumb.span(name) (a child span, as a context manager),
// plumb.cancelled(), plumb.sleep(seconds) (wakes early when the run is cancelled),
// plumb.seconds_left() and plumb.log(level, message, **fields). Each works only on the thread
// running the stage, while it runs, and raises RuntimeError elsewhere.
#pragma once

#include <pybind11/pybind11.h>

namespace plumb::python {

void bind_stage_api(pybind11::module_& m);

}  // namespace plumb::python
