// Stopping long stage work when its node is cancelled (its @timeout, or a failure elsewhere in
// the run): a cheap periodic check for loops, and the callbacks that JSON reading and writing
// call as they progress.
#pragma once

#include <plumb/json.hpp>
#include <plumb/stage.hpp>

#include <cstdint>
#include <functional>

namespace plumb::stdlib {

// Checks a stage's cancellation (its node's @timeout, or a failure elsewhere in the run) once
// every `every` calls of tick(), so that long loops stop soon after it; throws StageError.
class CancellationCheck {
 public:
  explicit CancellationCheck(const StageContext& ctx, std::uint32_t every = 1024)
      : ctx_(ctx), every_(every) {}
  void tick() {
    if (++count_ < every_) return;
    count_ = 0;
    ctx_.throw_if_cancelled();
  }

 private:
  const StageContext& ctx_;
  std::uint32_t every_;
  std::uint32_t count_ = 0;
};

// The stage's cancellation check as a callback, for long conversions (parse_json, JsonOptions).
std::function<void()> cancellation_callback(const StageContext& ctx);

// Options for writing JSON that stop (throw) when the stage is cancelled.
JsonOptions cancellable_json(const StageContext& ctx, int indent = -1);

}  // namespace plumb::stdlib
