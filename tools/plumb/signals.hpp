// Signals during `plumb run`. SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken
// by one thread with sigwait, so no handler runs in signal context. The first signal cancels
// the run (the run stops its stages and child processes, then the exporters flush and close
// as on any exit) and plumb exits 128+N (130, 143, 129). A second signal, or the run and the
// exports not being done within the deadline, kills the child process groups left and exits
// at once.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <plumb/cancel.hpp>

namespace plumb::cli {

class SignalGuard {
 public:
  // Blocks the signals in the calling thread and the threads it starts later: construct it
  // before anything starts a thread.
  SignalGuard(std::shared_ptr<RunCancellation> cancel, std::chrono::milliseconds deadline);
  ~SignalGuard();
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  // The first signal received, or 0.
  int received() const { return received_.load(); }

 private:
  void watch();

  std::shared_ptr<RunCancellation> cancel_;
  std::chrono::milliseconds deadline_;
  std::atomic<int> received_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace plumb::cli
