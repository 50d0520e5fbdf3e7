// Thread states kept per thread, and references released under the GIL.
#include "python/src/gil.hpp"

namespace plumb::python {

namespace {

thread_local bool thread_state_kept = false;

// PyGILState_Ensure creates a thread state for a thread Python does not know and takes the
// GIL; PyEval_SaveThread then releases the GIL but keeps the state (its use count stays 1),
// so every later Ensure/Release pair of this thread finds it instead of building a new one.
void keep_thread_state() {
  if (PyGILState_GetThisThreadState() == nullptr) {
    PyGILState_Ensure();
    PyEval_SaveThread();
  }
  thread_state_kept = true;
}

}  // namespace

GilHold::GilHold() {
  if (!thread_state_kept) keep_thread_state();
  state_ = PyGILState_Ensure();
}

bool interpreter_exiting() {
#if PY_VERSION_HEX >= 0x030D0000
  return !Py_IsInitialized() || Py_IsFinalizing();
#else
  return !Py_IsInitialized() || _Py_IsFinalizing();
#endif
}

PyRef::~PyRef() {
  if (object_ == nullptr || interpreter_exiting()) return;
  GilHold gil;
  Py_DECREF(object_);
}

}  // namespace plumb::python
