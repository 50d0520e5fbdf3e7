// Scope and RunError.
#include "runtime/exec/scope.hpp"

namespace plumb::exec {

std::string RunError::describe() const {
  std::string where =
      file.empty() ? "" : file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
  // An error of the run itself (a cancellation) has no node.
  if (node.empty()) return where + "pipeline `" + pipeline + "`: " + message;
  std::string what = "node `" + node + "`";
  if (!stage.empty()) what += " (" + stage + ")";
  if (!pipeline.empty()) what += " in pipeline `" + pipeline + "`";
  return where + what + " failed: " + message;
}

bool Scope::fail(RunError error) {
  std::lock_guard lock(mutex_);
  cancel();
  if (error_) return false;
  error_ = std::move(error);
  has_error_.store(true, std::memory_order_release);
  return true;
}

std::optional<RunError> Scope::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

}  // namespace plumb::exec
