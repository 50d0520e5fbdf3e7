// Exceptions a stage or a value operation throws. The runtime catches them, attaches the
// node, file and line, and fails the node (after its retries) with the message.
#pragma once

#include <stdexcept>
#include <string>

namespace plumb {

// A value of the wrong type or out of range in an operation or a built-in function
// (overflow, division by zero, missing field, ...). `kind` is a short machine-readable word
// used as the error type on spans and metrics.
class ValueError : public std::runtime_error {
 public:
  ValueError(std::string kind, const std::string& message)
      : std::runtime_error(message), kind_(std::move(kind)) {}
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
};

// A stage failed. Messages name the stage, the argument and the problem, e.g.
// `io.read_jsonl: line 3 of "x.jsonl": expected ',' or '}'`. `retryable` tells @retry
// whether another attempt can help (false for bad input, true for a timeout or a 503), and
// `retry_after` how many seconds the next attempt must wait at least (a server's
// `Retry-After`; @retry caps it at its `max_backoff`). `stacktrace`, when a stage has one (a
// Python stage's traceback), goes with the error into the run's error and onto the node's span
// (`exception.stacktrace`).
class StageError : public std::runtime_error {
 public:
  explicit StageError(const std::string& message, std::string kind = "stage_error",
                      bool retryable = true, double retry_after = 0, std::string stacktrace = {})
      : std::runtime_error(message),
        kind_(std::move(kind)),
        retryable_(retryable),
        retry_after_(retry_after),
        stacktrace_(std::move(stacktrace)) {}
  const std::string& kind() const { return kind_; }
  bool retryable() const { return retryable_; }
  double retry_after() const { return retry_after_; }
  const std::string& stacktrace() const { return stacktrace_; }

 private:
  std::string kind_;
  bool retryable_;
  double retry_after_;
  std::string stacktrace_;
};

}  // namespace plumb
