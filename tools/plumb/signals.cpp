// SignalGuard: the watching thread waits in sigwaitinfo; after the first signal it waits for a
// second one with sigtimedwait until the deadline. The destructor wakes it with pthread_kill.
#include "tools/plumb/signals.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "stdlib/process.hpp"

namespace plumb::cli {

namespace {

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&set, sig);
  return set;
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
  }
  return "a signal";
}

// A message written with one write(2), so it cannot interleave with other output.
void say(const char* format, const char* name, double seconds = 0) {
  char line[256];
  int n = std::snprintf(line, sizeof line, format, name, seconds);
  if (n > 0) {
    ssize_t ignored = ::write(STDERR_FILENO, line, static_cast<std::size_t>(n));
    (void)ignored;
  }
}

}  // namespace

SignalGuard::SignalGuard(std::shared_ptr<RunCancellation> cancel,
                         std::chrono::milliseconds deadline)
    : cancel_(std::move(cancel)), deadline_(deadline) {
  sigset_t set = handled_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this] { watch(); });
}

SignalGuard::~SignalGuard() {
  stopping_.store(true);
  pthread_kill(thread_.native_handle(), SIGHUP);
  thread_.join();
}

void SignalGuard::watch() {
  const sigset_t set = handled_signals();
  int first = -1;
  while (first < 0) {
    first = sigwaitinfo(&set, nullptr);
    if (first < 0 && errno != EINTR) return;
  }
  if (stopping_.load()) return;
  received_.store(first);
  const char* name = signal_name(first);
  say("plumb: %s received: cancelling the run (send it again to exit at once)\n", name);
  cancel_->cancel(name);

  const double seconds = std::chrono::duration<double>(deadline_).count();
  timespec wait{
      static_cast<time_t>(seconds),
      static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
  int second = -1;
  do {
    second = sigtimedwait(&set, nullptr, &wait);
  } while (second < 0 && errno == EINTR);
  if (stopping_.load()) return;
  if (second > 0) {
    say("plumb: %s received again: exiting now\n", signal_name(second));
  } else {
    say("plumb: the run did not stop within %2$gs after %1$s: exiting now\n", name, seconds);
  }
  stdlib::signal_running_processes(SIGKILL);
  ::_exit(128 + first);
}

}  // namespace plumb::cli
