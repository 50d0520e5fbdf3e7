// Cancelling runs from another thread: give a RunCancellation to Program::run (RunOptions::
// cancel) and call cancel() from anywhere — the command line does it when SIGINT, SIGTERM or
// SIGHUP arrives. The run then stops: running stages see `cancelled()` (child processes get
// SIGTERM, then SIGKILL), retry waits end, nodes not started are skipped, and the Result comes
// back with Status::Cancelled, its spans and metrics recorded as usual.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace plumb {

class RunCancellation {
 public:
  // Cancels the runs given this object, now and later; the first reason is kept ("SIGINT").
  void cancel(const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (cancelled_) return;
    cancelled_ = true;
    reason_ = reason;
    // Called under the lock, so unsubscribe() cannot return while a callback still runs.
    for (auto& [id, callback] : callbacks_)
      callback(reason_);
  }
  bool cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }
  std::string reason() const {
    std::lock_guard lock(mutex_);
    return reason_;
  }

  // For the runtime: `callback` is called once with the reason on cancel() (at once when
  // already cancelled); it must be quick and must not call back into this object.
  using Callback = std::function<void(const std::string& reason)>;
  std::uint64_t subscribe(Callback callback) {
    std::lock_guard lock(mutex_);
    if (cancelled_) callback(reason_);
    const std::uint64_t id = next_id_++;
    callbacks_.emplace(id, std::move(callback));
    return id;
  }
  void unsubscribe(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
  }

 private:
  mutable std::mutex mutex_;
  bool cancelled_ = false;
  std::string reason_;
  std::uint64_t next_id_ = 1;
  std::map<std::uint64_t, Callback> callbacks_;
};

}  // namespace plumb
