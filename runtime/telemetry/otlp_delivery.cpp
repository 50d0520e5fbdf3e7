// The retry loop of OTLP exports.
#include "runtime/telemetry/otlp_delivery.hpp"

#include <algorithm>
#include <cstdio>

#include "base/retry/backoff.hpp"

namespace plumb::telemetry {

void count_failure(std::atomic<std::uint64_t>& errors, const OtlpTransport& transport,
                   const SendResult& result) {
  if (errors.fetch_add(1, std::memory_order_relaxed) == 0) {
    std::fprintf(stderr, "plumb: warning: otlp export to %s failed: %s\n",
                 transport.target().c_str(), result.error.c_str());
  }
}

SendResult deliver(OtlpTransport& transport, std::string_view body,
                   std::chrono::steady_clock::time_point give_up, const RetryOptions& retry,
                   const DeliveryHooks& hooks) {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  const std::function<bool()> cancelled = [&] { return Clock::now() >= hooks.deadline(); };
  unsigned retries = 0;
  SendResult result;
  result.error = "the export deadline passed before the request was sent";
  for (;;) {
    const auto now = Clock::now();
    const auto limit = std::min(give_up, hooks.deadline());
    if (now >= limit) return result;
    result = transport.send(body, std::chrono::duration_cast<milliseconds>(limit - now), cancelled);
    if (result.accepted) return result;
    hooks.failed(result);
    if (!result.retryable) return result;
    milliseconds pause(static_cast<std::int64_t>(
        retry::jittered_backoff(static_cast<double>(retry.initial_backoff.count()),
                                static_cast<double>(retry.max_backoff.count()), retries++)));
    if (result.retry_after >= 0) {
      pause = milliseconds(static_cast<std::int64_t>(result.retry_after * 1000));
    }
    if (Clock::now() + pause >= limit || !hooks.pause(pause)) return result;
  }
}

}  // namespace plumb::telemetry
