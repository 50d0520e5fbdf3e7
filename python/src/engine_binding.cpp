// Engine, Program and RunCancellation for Python. Compiling and running release the GIL; a run
// gets a RunCancellation of its own, cancelled by the caller's and by Ctrl-C on the main thread
// (python/src/interrupts.hpp). Destroying an engine or a program also releases the GIL, since
// it may wait for the engine's threads and its last exports.
#include <memory>
#include <optional>
#include <vector>

#include <pybind11/stl.h>

#include "python/src/bindings.hpp"
#include "python/src/gil.hpp"
#include "python/src/interrupts.hpp"
#include "python/src/python_observer.hpp"
#include "python/src/signature.hpp"
#include "python/src/values.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

class PyProgram {
 public:
  explicit PyProgram(Program program) : program_(std::make_unique<Program>(std::move(program))) {}
  PyProgram(PyProgram&&) = default;
  ~PyProgram() {
    if (!program_) return;
    py::gil_scoped_release release;
    program_.reset();
  }

  PyResult run(const py::object& args, const py::object& cancel,
               const std::optional<std::string>& traceparent) const {
    std::map<std::string, Value> values = arguments(args);
    auto token = std::make_shared<RunCancellation>();
    CancelLinks links(token, cancel);
    RunOptions options;
    options.traceparent = traceparent.value_or("");
    options.cancel = token;
    InterruptGuard interrupts(token);
    std::optional<Result> result;
    {
      py::gil_scoped_release release;
      result = program_->run(values, options);
    }
    interrupts.finish();
    return PyResult{std::move(*result), py::object()};
  }

  const std::string& entry() const { return program_->entry(); }
  std::vector<std::string> parameters() const { return program_->parameters(); }
  py::list warnings() const {
    py::list out;
    for (const Diagnostic& d : program_->warnings())
      out.append(diagnostic_dict(d));
    return out;
  }

 private:
  // The caller's tokens cancel the run's own token while the run lasts.
  class CancelLinks {
   public:
    CancelLinks(const std::shared_ptr<RunCancellation>& run, const py::object& cancel) {
      if (cancel.is_none()) return;
      if (py::isinstance<RunCancellation>(cancel)) {
        link(run, cancel.cast<std::shared_ptr<RunCancellation>>());
        return;
      }
      for (py::handle token : cancel)
        link(run, token.cast<std::shared_ptr<RunCancellation>>());
    }
    ~CancelLinks() {
      for (const auto& [token, id] : links_)
        token->unsubscribe(id);
    }
    CancelLinks(const CancelLinks&) = delete;
    CancelLinks& operator=(const CancelLinks&) = delete;

   private:
    void link(const std::shared_ptr<RunCancellation>& run,
              std::shared_ptr<RunCancellation> caller) {
      if (!caller) throw py::type_error("cancel must be a plumb.RunCancellation, not None");
      std::uint64_t id =
          caller->subscribe([run](const std::string& reason) { run->cancel(reason); });
      links_.emplace_back(std::move(caller), id);
    }
    std::vector<std::pair<std::shared_ptr<RunCancellation>, std::uint64_t>> links_;
  };

  static std::map<std::string, Value> arguments(const py::object& args) {
    std::map<std::string, Value> values;
    if (args.is_none()) return values;
    for (auto [key, value] : py::cast<py::dict>(args)) {
      if (!py::isinstance<py::str>(key)) {
        throw py::type_error("argument names must be str, not " +
                             std::string(Py_TYPE(key.ptr())->tp_name));
      }
      std::string name = py::str(key);
      try {
        values.emplace(name, to_value(value.ptr()));
      } catch (const ConversionError& e) {
        raise_conversion(e, "argument `" + name + "`: ");
      }
    }
    return values;
  }

  std::unique_ptr<Program> program_;
};

// The back end a Python caller names: "auto", "interp" or "jit".
std::optional<Backend> backend_named(const std::string& name) {
  if (name == "auto") return Backend::Auto;
  if (name == "interp") return Backend::Interp;
  if (name == "jit") return Backend::Jit;
  return std::nullopt;
}

class PyEngine {
 public:
  PyEngine(int threads, const std::string& backend, const std::string& store, int jit_opt,
           const std::string& jit_cache_dir, const py::dict& telemetry) {
    if (threads < 0 || threads > 1024) {
      throw py::value_error("threads must be between 1 and 1024 (or None for one per core), not " +
                            std::to_string(threads));
    }
    const std::optional<Backend> chosen = backend_named(backend);
    if (!chosen) {
      throw py::value_error("backend must be \"auto\", \"interp\" or \"jit\", not \"" + backend +
                            "\"");
    }
    if (jit_opt != 0 && jit_opt != 2) {
      throw py::value_error("jit_opt must be 0 or 2, not " + std::to_string(jit_opt));
    }
    EngineOptions options;
    options.threads = threads;
    options.limits.how_to_show_all = "CompileError.diagnostics has them all";
    options.execution = BackendOptions{*chosen, jit_opt, jit_cache_dir};
    options.telemetry = telemetry_options(telemetry);
    py::gil_scoped_release release;
    if (!store.empty()) options.store = RunStore::open(store);
    engine_ = std::make_unique<Engine>(options);
  }

  ~PyEngine() {
    observers_.clear();
    py::gil_scoped_release release;
    engine_.reset();
  }

  void register_stage(const StageDescription& description, py::object function) {
    engine_->register_stage(stage_from_description(description, std::move(function)));
  }

  std::vector<std::string> stage_names() const {
    std::vector<std::string> names;
    for (const StageDef* stage : engine_->stages().all())
      names.push_back(stage->signature.name);
    return names;
  }

  void add_observer(py::object target) {
    for (const auto& observer : observers_) {
      if (observer->target() == target.ptr()) {
        throw py::value_error("this observer is already added to the engine");
      }
    }
    auto observer = std::make_shared<PythonObserver>(std::move(target));
    engine_->add_observer(observer);
    observers_.push_back(std::move(observer));
  }

  bool remove_observer(const py::object& target) {
    for (auto it = observers_.begin(); it != observers_.end(); ++it) {
      if ((*it)->target() != target.ptr()) continue;
      std::shared_ptr<Observer> observer = *it;
      observers_.erase(it);
      return engine_->remove_observer(observer);
    }
    return false;
  }

  PyProgram compile_file(const std::string& path, const std::string& entry) {
    py::gil_scoped_release release;
    return PyProgram(engine_->compile_file(path, entry));
  }

  PyProgram compile_string(const std::string& name, const std::string& source,
                           const std::string& entry) {
    py::gil_scoped_release release;
    return PyProgram(engine_->compile_string(name, source, entry));
  }

 private:
  std::unique_ptr<Engine> engine_;
  std::vector<std::shared_ptr<PythonObserver>> observers_;
};

}  // namespace

py::dict diagnostic_dict(const Diagnostic& d) {
  py::dict out;
  out["file"] = d.file;
  out["line"] = d.line;
  out["column"] = d.column;
  out["severity"] = d.severity;
  out["kind"] = d.kind;
  out["message"] = d.message;
  py::list notes;
  for (const Diagnostic& note : d.notes)
    notes.append(diagnostic_dict(note));
  out["notes"] = notes;
  return out;
}

void bind_engine(py::module_& m) {
  py::class_<RunCancellation, std::shared_ptr<RunCancellation>>(
      m, "RunCancellation", "Cancels the runs it is given to (run(cancel=...)) from any thread.")
      .def(py::init<>())
      .def("cancel", &RunCancellation::cancel, py::arg("reason") = "",
           "Cancels every run given this object, now and later; the first reason is kept and "
           "ends the error's message (`the run was cancelled (reason)`).")
      .def_property_readonly("cancelled", &RunCancellation::cancelled)
      .def_property_readonly("reason", &RunCancellation::reason);

  py::class_<PyProgram>(m, "Program")
      .def("run", &PyProgram::run, py::arg("args"), py::arg("cancel"), py::arg("traceparent"))
      .def_property_readonly("entry", &PyProgram::entry)
      .def_property_readonly("parameters", &PyProgram::parameters)
      .def_property_readonly("warnings", &PyProgram::warnings);

  py::class_<StageDescription>(m, "StageDescription")
      .def(py::init<>())
      .def_readwrite("name", &StageDescription::name)
      .def_readwrite("params", &StageDescription::params)
      .def_readwrite("extra_keywords", &StageDescription::extra_keywords)
      .def_readwrite("result", &StageDescription::result)
      .def_readwrite("purity", &StageDescription::purity)
      .def_readwrite("version", &StageDescription::version)
      .def_readwrite("summary", &StageDescription::summary)
      .def_readwrite("blocking", &StageDescription::blocking);

  py::class_<PyEngine>(m, "Engine")
      .def(py::init<int, const std::string&, const std::string&, int, const std::string&,
                    const py::dict&>(),
           py::arg("threads"), py::arg("backend"), py::arg("store"), py::arg("jit_opt"),
           py::arg("jit_cache_dir"), py::arg("telemetry"))
      .def("register_stage", &PyEngine::register_stage, py::arg("description"), py::arg("function"))
      .def_property_readonly("stage_names", &PyEngine::stage_names)
      .def("add_observer", &PyEngine::add_observer, py::arg("observer"))
      .def("remove_observer", &PyEngine::remove_observer, py::arg("observer"))
      .def("compile_file", &PyEngine::compile_file, py::arg("path"), py::arg("entry"))
      .def("compile_string", &PyEngine::compile_string, py::arg("name"), py::arg("source"),
           py::arg("entry"));

  m.def("telemetry_option_names", &telemetry_option_names,
        "The keys Engine(telemetry={...}) accepts.");
}

}  // namespace plumb::python
