// The stage-side functions and the CurrentSpan and ChildSpan classes. Both classes remember
// the stage call they belong to (its serial number) and refuse to act for another one, so an
// object kept after its stage returned can do no harm.
#include "python/src/stage_api.hpp"

#include <plumb/stage.hpp>

#include "python/src/python_stage.hpp"
#include "python/src/values.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

const StageCall& running_call(const char* what) {
  const StageCall* call = current_stage_call();
  if (!call) {
    throw std::runtime_error(std::string(what) +
                             " works only inside a Python stage, on the thread running it");
  }
  return *call;
}

Value attribute_value(const std::string& key, py::handle value) {
  try {
    return to_value(value.ptr());
  } catch (const ConversionError& e) {
    raise_conversion(e, "span attribute `" + key + "`: ");
  }
}

class CurrentSpan {
 public:
  explicit CurrentSpan(std::uint64_t serial) : serial_(serial) {}

  void set(const std::string& key, py::handle value) const {
    context().set_attribute(key, attribute_value(key, value));
  }
  std::string traceparent() const { return context().traceparent(); }

 private:
  StageContext& context() const {
    const StageCall& call = running_call("the span of plumb.current_span()");
    if (call.serial != serial_) {
      throw std::runtime_error("this span belongs to a stage call that has returned");
    }
    return *call.context;
  }

  std::uint64_t serial_;
};

class ChildSpan {
 public:
  explicit ChildSpan(std::string name) : name_(std::move(name)) {}

  ChildSpan& enter() {
    if (serial_ != 0) throw std::runtime_error("span `" + name_ + "` was already entered");
    const StageCall& call = running_call("plumb.span()");
    serial_ = call.serial;
    handle_ = call.context->begin_span(name_);
    return *this;
  }

  void set(const std::string& key, py::handle value) {
    Value v = attribute_value(key, value);
    if (StageContext* context = own_context()) context->span_attribute(handle_, key, v);
  }

  bool exit(py::handle type, py::handle value, py::handle) {
    StageContext* context = own_context();
    if (!context) return false;
    std::string error_type, message;
    if (!type.is_none()) {
      error_type = py::str(type.attr("__qualname__"));
      message = py::str(value);
    }
    context->end_span(handle_, error_type, message);
    handle_ = 0;
    return false;
  }

  bool recording() const { return handle_ != 0; }

 private:
  // The stage context while the span is open in the call that opened it, else null.
  StageContext* own_context() const {
    const StageCall* call = current_stage_call();
    if (handle_ == 0 || !call || call->serial != serial_) return nullptr;
    return call->context;
  }

  std::string name_;
  std::uint64_t serial_ = 0;
  std::uint64_t handle_ = 0;
};

LogLevel level_from(const std::string& name) {
  if (name == "debug") return LogLevel::Debug;
  if (name == "info") return LogLevel::Info;
  if (name == "warn" || name == "warning") return LogLevel::Warn;
  if (name == "error") return LogLevel::Error;
  throw py::value_error("log level must be \"debug\", \"info\", \"warn\" or \"error\", not \"" +
                        name + "\"");
}

}  // namespace

void bind_stage_api(py::module_& m) {
  py::class_<CurrentSpan>(m, "CurrentSpan", "The span of the node whose stage is running.")
      .def("set", &CurrentSpan::set, py::arg("key"), py::arg("value"),
           "Sets an attribute on the node's span.")
      .def_property_readonly("traceparent", &CurrentSpan::traceparent,
                             "The W3C traceparent header of the node's span ('' when tracing is "
                             "off).");
  py::class_<ChildSpan>(m, "Span", "A child span of the running node: use it with `with`.")
      .def(py::init<std::string>(), py::arg("name"))
      .def("__enter__", &ChildSpan::enter, py::return_value_policy::reference_internal)
      .def("__exit__", &ChildSpan::exit)
      .def("set", &ChildSpan::set, py::arg("key"), py::arg("value"),
           "Sets an attribute on this span.")
      .def_property_readonly("recording", &ChildSpan::recording,
                             "Whether the span is recorded (tracing is on).");
  m.def(
      "current_span", [] { return CurrentSpan(running_call("plumb.current_span()").serial); },
      "The span of the node whose stage is running on this thread.");
  m.def(
      "cancelled", [] { return running_call("plumb.cancelled()").context->cancelled(); },
      "Whether the running stage should stop: its run was cancelled or failed elsewhere, or "
      "its @timeout expired.");
  m.def(
      "sleep",
      [](double seconds) {
        StageContext& context = *running_call("plumb.sleep()").context;
        py::gil_scoped_release release;
        return context.sleep_for(seconds);
      },
      py::arg("seconds"),
      "Sleeps up to `seconds` without holding the GIL; returns False early when the stage is "
      "cancelled.");
  m.def(
      "seconds_left", [] { return running_call("plumb.seconds_left()").context->seconds_left(); },
      "Seconds until the running stage's @timeout (inf without one).");
  m.def(
      "log",
      [](const std::string& level, const std::string& message, py::kwargs fields) {
        StageContext& context = *running_call("plumb.log()").context;
        Fields values;
        for (auto [key, value] : fields) {
          std::string name = py::str(key);
          try {
            values.emplace_back(name, to_value(value.ptr()));
          } catch (const ConversionError& e) {
            raise_conversion(e, "log field `" + name + "`: ");
          }
        }
        context.log(level_from(level), message, values);
      },
      py::arg("level"), py::arg("message"),
      "Writes a log record with the node's trace and span ids; keyword arguments are fields.");
}

}  // namespace plumb::python
