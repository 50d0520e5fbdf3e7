// Failure scopes. Every frame runs inside a scope: the run itself, or the scope of a node with
// `@retry` or `@timeout` around its sub-frames. The first failure inside a scope is recorded
// there and cancels the scope, so the nodes still running in it stop (stages see
// `cancelled()`), and nodes not yet started are skipped. A node that owns a scope then decides:
// retry in a fresh scope, or fail in its own scope with the recorded error.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace plumb::exec {

// The error a run fails with: what went wrong, and the node, stage and place it happened.
struct RunError {
  std::string kind;  // "stage_error", "timeout", "overflow", "division_by_zero", ...
  std::string message;
  std::string pipeline;
  std::string node;
  std::string stage;
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  bool retryable = false;
  std::string stacktrace;  // where in the stage it failed, when the stage said (StageError)
  // Set when the failing attempt's span ends (end_node): its span id (0 when it had none) and
  // its attempt number (1 without @retry).
  std::uint64_t span = 0;
  std::uint32_t attempt = 0;
  double retry_after = 0;  // seconds the next attempt waits at least (StageError::retry_after)

  // `file:line:col: node `x` (io.read_text) in pipeline `main` failed: message`, or
  // `pipeline `main`: message` for an error of the run itself (a cancellation)
  std::string describe() const;
};

class Scope {
 public:
  explicit Scope(const Scope* parent = nullptr) : parent_(parent) {}

  bool cancelled() const {
    for (const Scope* s = this; s; s = s->parent_) {
      if (s->cancelled_.load(std::memory_order_relaxed)) return true;
    }
    return false;
  }
  // Records the scope's first error and cancels it; false if it already had one.
  bool fail(RunError error);
  void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
  std::optional<RunError> error() const;
  bool failed() const { return has_error_.load(std::memory_order_acquire); }

 private:
  const Scope* parent_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> has_error_{false};
  mutable std::mutex mutex_;
  std::optional<RunError> error_;
};

}  // namespace plumb::exec
