// The GIL from plumb's own threads. Python stages and observers run on the executor's worker
// and I/O threads, which Python has never seen: each such thread gets a Python thread state
// the first time and keeps it for its life, so taking the GIL for a call is a lock hand-over,
// not an allocation. PyRef owns a Python object that may be dropped on any thread.
#pragma once

#include <pybind11/pybind11.h>

namespace plumb::python {

// Holds the GIL for a scope, on any thread; nested holds are fine.
class GilHold {
 public:
  GilHold();
  ~GilHold() { PyGILState_Release(state_); }
  GilHold(const GilHold&) = delete;
  GilHold& operator=(const GilHold&) = delete;

 private:
  PyGILState_STATE state_;
};

// True once the interpreter is finalizing: a thread that takes the GIL then is ended by
// Python, so plumb's threads must not call into it any more.
bool interpreter_exiting();

// A strong reference that takes the GIL to let go of its object, from whichever thread drops
// it last (the object is leaked when the interpreter is already finalizing).
class PyRef {
 public:
  explicit PyRef(pybind11::object object) : object_(object.release().ptr()) {}
  ~PyRef();
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;

  PyObject* get() const { return object_; }

 private:
  PyObject* object_;
};

}  // namespace plumb::python
