// Ctrl-C during a run called from the main thread. The main thread waits in run() without
// the GIL, so Python cannot run its SIGINT handler; its C-level handler still writes the
// signal number to the wakeup fd (signal.set_wakeup_fd). For the run's length that fd is a
// pipe read by a watcher thread, which cancels the run on SIGINT and passes every byte on to
// the fd set before (asyncio's, say). When run() returns, PyErr_CheckSignals() runs Python's
// handler, which raises KeyboardInterrupt. Nothing changes when the run is on another
// thread or SIGINT has a handler other than Python's default.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>
#include <plumb/cancel.hpp>

namespace plumb::python {

class InterruptGuard {
 public:
  // With the GIL, before the run.
  explicit InterruptGuard(std::shared_ptr<RunCancellation> run);
  // With the GIL; restores the wakeup fd if finish() was not reached.
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // With the GIL, after the run: restores the wakeup fd and raises what the signal handlers
  // raise (KeyboardInterrupt) as pybind11::error_already_set.
  void finish();

 private:
  void restore();

  bool armed_ = false;
  pybind11::object previous_fd_;
};

}  // namespace plumb::python
