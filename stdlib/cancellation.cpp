// Cancellation callbacks for long conversions (cancellation.hpp).
#include "stdlib/cancellation.hpp"

namespace plumb::stdlib {

std::function<void()> cancellation_callback(const StageContext& ctx) {
  return [&ctx] { ctx.throw_if_cancelled(); };
}

JsonOptions cancellable_json(const StageContext& ctx, int indent) {
  JsonOptions options;
  options.indent = indent;
  options.on_progress = cancellation_callback(ctx);
  return options;
}

}  // namespace plumb::stdlib
