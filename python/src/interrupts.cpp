// The wakeup-fd watcher: one thread for the process, started by the first run on the main
// thread, blocked in read() on its pipe the rest of the time.
#include "python/src/interrupts.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <system_error>
#include <thread>

namespace plumb::python {

namespace py = pybind11;

namespace {

class Watcher {
 public:
  static Watcher& instance() {
    // Never destroyed: its thread may be blocked in read() when the process exits.
    static Watcher* watcher = new Watcher();
    return *watcher;
  }

  int write_fd() const { return write_fd_; }

  void arm(std::shared_ptr<RunCancellation> run, int forward_fd) {
    std::lock_guard lock(mutex_);
    run_ = std::move(run);
    forward_fd_ = forward_fd;
  }
  void disarm() {
    std::lock_guard lock(mutex_);
    run_.reset();
    forward_fd_ = -1;
  }

 private:
  Watcher() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    read_fd_ = fds[0];
    write_fd_ = fds[1];
    // Python requires a non-blocking wakeup fd.
    fcntl(write_fd_, F_SETFL, fcntl(write_fd_, F_GETFL) | O_NONBLOCK);
    std::thread([this] { watch(); }).detach();
  }

  void watch() {
    unsigned char bytes[64];
    for (;;) {
      ssize_t n = read(read_fd_, bytes, sizeof bytes);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      std::lock_guard lock(mutex_);
      for (ssize_t i = 0; i < n; ++i) {
        if (bytes[i] == SIGINT && run_) run_->cancel("SIGINT");
      }
      if (forward_fd_ >= 0) (void)!write(forward_fd_, bytes, static_cast<std::size_t>(n));
    }
  }

  int read_fd_ = -1;
  int write_fd_ = -1;
  std::mutex mutex_;
  std::shared_ptr<RunCancellation> run_;
  int forward_fd_ = -1;
};

bool python_handles_sigint_on_this_thread() {
  py::module_ threading = py::module_::import("threading");
  if (!threading.attr("current_thread")().is(threading.attr("main_thread")())) return false;
  py::module_ signal = py::module_::import("signal");
  return signal.attr("getsignal")(static_cast<int>(SIGINT)).is(signal.attr("default_int_handler"));
}

}  // namespace

InterruptGuard::InterruptGuard(std::shared_ptr<RunCancellation> run) {
  if (!python_handles_sigint_on_this_thread()) return;
  Watcher& watcher = Watcher::instance();
  py::module_ signal = py::module_::import("signal");
  previous_fd_ =
      signal.attr("set_wakeup_fd")(watcher.write_fd(), py::arg("warn_on_full_buffer") = false);
  watcher.arm(std::move(run), previous_fd_.cast<int>());
  armed_ = true;
}

InterruptGuard::~InterruptGuard() {
  if (!armed_) return;
  try {
    restore();
  } catch (py::error_already_set& e) {
    e.discard_as_unraisable("restoring the signal wakeup fd after a plumb run");
  }
}

void InterruptGuard::restore() {
  armed_ = false;
  // The fd first: a signal after it reaches the previous fd directly, one before it is still
  // passed on by the watcher.
  py::module_::import("signal").attr("set_wakeup_fd")(previous_fd_);
  Watcher::instance().disarm();
}

void InterruptGuard::finish() {
  if (!armed_) return;
  restore();
  if (PyErr_CheckSignals() < 0) throw py::error_already_set();
}

}  // namespace plumb::python
