// TelemetryOptions from a Python dict: one entry per field, with its Python type for errors.
#include <functional>
#include <vector>

#include "python/src/bindings.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

struct Field {
  const char* name;
  const char* type;
  std::function<void(TelemetryOptions&, py::handle)> set;
};

template <typename T>
Field field(const char* name, const char* type, T TelemetryOptions::*member) {
  return Field{name, type,
               [member](TelemetryOptions& o, py::handle v) { o.*member = v.cast<T>(); }};
}

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      field("enabled", "bool", &TelemetryOptions::enabled),
      field("chrome_trace_path", "str", &TelemetryOptions::chrome_trace_path),
      field("otlp_endpoint", "str", &TelemetryOptions::otlp_endpoint),
      field("otlp_protocol", "str", &TelemetryOptions::otlp_protocol),
      field("otlp_metrics", "bool", &TelemetryOptions::otlp_metrics),
      field("otlp_file", "str", &TelemetryOptions::otlp_file),
      field("metrics_port", "int", &TelemetryOptions::metrics_port),
      field("metrics_addr", "str", &TelemetryOptions::metrics_addr),
      field("push_gateway", "str", &TelemetryOptions::push_gateway),
      field("push_job", "str", &TelemetryOptions::push_job),
      field("influx_url", "str", &TelemetryOptions::influx_url),
      field("log_format", "str", &TelemetryOptions::log_format),
      field("log_level", "str", &TelemetryOptions::log_level),
      field("log_file", "str", &TelemetryOptions::log_file),
      field("log_file_max_bytes", "int", &TelemetryOptions::log_file_max_bytes),
      field("log_file_max_files", "int", &TelemetryOptions::log_file_max_files),
      field("redact_keys", "list[str]", &TelemetryOptions::redact_keys),
      field("trace_io", "bool", &TelemetryOptions::trace_io),
      field("shutdown_timeout_seconds", "float", &TelemetryOptions::shutdown_timeout_seconds),
      field("max_series_per_metric", "int", &TelemetryOptions::max_series_per_metric),
  };
  return all;
}

}  // namespace

TelemetryOptions telemetry_options(const py::dict& options) {
  TelemetryOptions out;
  for (auto [key, value] : options) {
    std::string name = py::str(key);
    const Field* found = nullptr;
    for (const Field& f : fields()) {
      if (name == f.name) found = &f;
    }
    if (!found) {
      std::string known;
      for (const Field& f : fields())
        known += (known.empty() ? "" : ", ") + std::string(f.name);
      throw py::type_error("unknown telemetry option `" + name + "`; the options are " + known);
    }
    try {
      found->set(out, value);
    } catch (const py::cast_error&) {
      throw py::type_error("telemetry option `" + name + "` must be a " + found->type + ", not " +
                           std::string(Py_TYPE(value.ptr())->tp_name));
    }
  }
  return out;
}

py::list telemetry_option_names() {
  py::list names;
  for (const Field& f : fields())
    names.append(f.name);
  return names;
}

}  // namespace plumb::python
