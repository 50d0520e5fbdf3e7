// The call of a Python stage: arguments through vectorcall, the result converted back, and a
// Python exception turned into a StageError with the traceback.
#include "python/src/python_stage.hpp"

#include <csignal>
#include <memory>

#include <plumb/error.hpp>

#include "python/src/gil.hpp"
#include "python/src/values.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

thread_local const StageCall* running_call = nullptr;
std::atomic<std::uint64_t> call_serial{0};

// Marks a stage call as the one running on this thread (nested runs nest their calls).
class RunningCall {
 public:
  explicit RunningCall(StageContext& context)
      : call_{&context, call_serial.fetch_add(1, std::memory_order_relaxed) + 1},
        previous_(running_call) {
    running_call = &call_;
  }
  ~RunningCall() { running_call = previous_; }
  RunningCall(const RunningCall&) = delete;
  RunningCall& operator=(const RunningCall&) = delete;

 private:
  StageCall call_;
  const StageCall* previous_;
};

// References owned for the length of a call.
class OwnedArguments {
 public:
  explicit OwnedArguments(std::size_t count) : items_(count + 1, nullptr) {}
  ~OwnedArguments() {
    for (PyObject* item : items_)
      Py_XDECREF(item);
    Py_XDECREF(keyword_names);
  }
  OwnedArguments(const OwnedArguments&) = delete;
  OwnedArguments& operator=(const OwnedArguments&) = delete;

  // items()[0] is free for vectorcall's PY_VECTORCALL_ARGUMENTS_OFFSET.
  PyObject** items() { return items_.data(); }
  PyObject* keyword_names = nullptr;

 private:
  std::vector<PyObject*> items_;
};

std::string text_of(PyObject* object) {
  PyObject* text = PyObject_Str(object);
  if (!text) {
    PyErr_Clear();
    return "<str() of the exception failed>";
  }
  const char* utf8 = PyUnicode_AsUTF8(text);
  std::string out = utf8 ? utf8 : "<unprintable>";
  if (!utf8) PyErr_Clear();
  Py_DECREF(text);
  return out;
}

// `ValueError`, or `module.Class` for classes outside the builtins.
std::string qualified_name(PyObject* type) {
  py::handle t(type);
  std::string name = py::str(t.attr("__qualname__"));
  std::string module = py::str(t.attr("__module__"));
  return module == "builtins" ? name : module + "." + name;
}

std::string format_traceback(PyObject* exception) {
  py::object format = py::module_::import("traceback").attr("format_exception");
  std::string text;
  for (py::handle line : format(py::handle(exception)))
    text += py::str(line).cast<std::string>();
  return text;
}

class PythonStage {
 public:
  PythonStage(std::string name, py::object function, PythonCallShape shape)
      : name_(std::move(name)),
        function_(std::move(function)),
        shape_(std::move(shape)),
        keyword_only_names_(shape_.keyword_only.size()) {
    for (std::size_t i = 0; i < shape_.keyword_only.size(); ++i)
      keyword_only_names_[i] = py::str(shape_.keyword_only[i]);
  }

  Value call(StageContext& context) const {
    if (interpreter_exiting()) {
      throw StageError(name_ + ": the Python interpreter is shutting down", "stage_error", false);
    }
    GilHold gil;
    RunningCall running(context);
    const std::size_t params = context.signature().params.size();
    const Fields& extra = context.extra_args();
    OwnedArguments arguments(params + extra.size());
    PyObject** argv = arguments.items() + 1;
    try {
      for (std::size_t i = 0; i < params; ++i)
        argv[i] = to_python(context.arg(i));
      for (std::size_t i = 0; i < extra.size(); ++i)
        argv[params + i] = to_python(extra[i].second);
    } catch (const py::error_already_set& e) {
      throw StageError(name_ + ": an argument has no Python value: " + e.what(), "stage_contract",
                       false);
    }
    if (extra.empty()) {
      if (!shape_.keyword_only.empty()) {
        arguments.keyword_names = keyword_only_names_.ptr();
        Py_INCREF(arguments.keyword_names);
      }
    } else {
      arguments.keyword_names =
          PyTuple_New(static_cast<Py_ssize_t>(shape_.keyword_only.size() + extra.size()));
      if (!arguments.keyword_names) throw failure();
      Py_ssize_t k = 0;
      auto add = [&](const std::string& keyword) {
        PyObject* name =
            PyUnicode_FromStringAndSize(keyword.data(), static_cast<Py_ssize_t>(keyword.size()));
        if (!name) throw failure();
        PyTuple_SET_ITEM(arguments.keyword_names, k++, name);
      };
      for (const std::string& keyword : shape_.keyword_only)
        add(keyword);
      for (const auto& [keyword, value] : extra)
        add(keyword);
    }
    PyObject* result = PyObject_Vectorcall(function_.ptr(), argv,
                                           shape_.positional | PY_VECTORCALL_ARGUMENTS_OFFSET,
                                           arguments.keyword_names);
    if (!result) throw failure();
    py::object owned = py::reinterpret_steal<py::object>(result);
    try {
      return to_value(result);
    } catch (const ConversionError& e) {
      const char* kind = e.python_type() == PyExc_OverflowError ? "OverflowError" : "TypeError";
      throw StageError(name_ + " returned a value plumb cannot hold: " + e.what(), kind, false);
    }
  }

 private:
  // The StageError for the Python exception being raised (the GIL is held).
  StageError failure() const {
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* traceback = nullptr;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    if (traceback) PyException_SetTraceback(value, traceback);
    py::object type_object = py::reinterpret_steal<py::object>(type);
    py::object exception = py::reinterpret_steal<py::object>(value);
    py::object traceback_object = py::reinterpret_steal<py::object>(traceback);
    // A Ctrl-C that reached the stage's Python code instead of the waiting main thread: the
    // signal is raised again, so the run is cancelled and run() raises KeyboardInterrupt.
    if (PyErr_GivenExceptionMatches(type, PyExc_KeyboardInterrupt)) PyErr_SetInterruptEx(SIGINT);
    try {
      std::string stacktrace = format_traceback(exception.ptr());
      py::object stage_error = py::module_::import("plumb._errors").attr("StageError");
      if (PyObject_IsInstance(exception.ptr(), stage_error.ptr()) == 1) {
        return StageError(name_ + ": " + text_of(exception.ptr()),
                          py::str(exception.attr("kind")).cast<std::string>(),
                          exception.attr("retryable").cast<bool>(),
                          exception.attr("retry_after").cast<double>(), std::move(stacktrace));
      }
      std::string kind = qualified_name(type);
      std::string message = text_of(exception.ptr());
      return StageError(name_ + ": " + kind + (message.empty() ? "" : ": " + message), kind, true,
                        0, std::move(stacktrace));
    } catch (const py::error_already_set& e) {
      return StageError(
          name_ + ": " + qualified_name(type) + " (describing it failed: " + e.what() + ")",
          "stage_error", true);
    }
  }

  // Python objects: a StageHolder lets go of the stage under the GIL.
  std::string name_;
  py::object function_;
  PythonCallShape shape_;
  py::tuple keyword_only_names_;
};

// Keeps a PythonStage whose Python parts are let go of under the GIL, on whichever thread the
// registry holding it is destroyed.
struct StageHolder {
  explicit StageHolder(std::unique_ptr<PythonStage> stage) : stage(std::move(stage)) {}
  ~StageHolder() {
    if (interpreter_exiting()) {
      (void)stage.release();  // Python is gone: its objects go with the process
      return;
    }
    GilHold gil;
    stage.reset();
  }
  std::unique_ptr<PythonStage> stage;
};

}  // namespace

const StageCall* current_stage_call() {
  return running_call;
}

StageDef python_stage(StageSignature signature, py::object function, PythonCallShape shape) {
  StageDef def;
  auto holder = std::make_shared<StageHolder>(
      std::make_unique<PythonStage>(signature.name, std::move(function), std::move(shape)));
  def.signature = std::move(signature);
  def.run = [holder](StageContext& context) { return holder->stage->call(context); };
  return def;
}

}  // namespace plumb::python
