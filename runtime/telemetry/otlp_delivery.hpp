// Sending one encoded OTLP request until it is accepted, by the OpenTelemetry retry rules:
// only failures the transport marks retryable are tried again, after an exponential backoff
// with jitter (or the delay the server asked for: Retry-After, RetryInfo), and never past the
// export timeout or the caller's deadline. Shared by the batch processor (spans, logs) and
// the metrics exporter.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

struct RetryOptions {
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{5000};
};

struct DeliveryHooks {
  // The hard deadline: no attempt or wait goes past it (it may come earlier while sending).
  std::function<std::chrono::steady_clock::time_point()> deadline;
  // Waits between attempts; false when the wait was cut short by the deadline.
  std::function<bool(std::chrono::milliseconds)> pause;
  // Called after every failed attempt.
  std::function<void(const SendResult&)> failed;
};

// Counts a failed attempt in `errors` and warns on stderr about the first one
// (`plumb: warning: otlp export to URL failed: ...`).
void count_failure(std::atomic<std::uint64_t>& errors, const OtlpTransport& transport,
                   const SendResult& result);

// The last attempt's result: accepted, or the failure that ended the tries. Gives up at
// `give_up` (now + the export timeout) or the hooks' deadline, whichever comes first.
SendResult deliver(OtlpTransport& transport, std::string_view body,
                   std::chrono::steady_clock::time_point give_up, const RetryOptions& retry,
                   const DeliveryHooks& hooks);

}  // namespace plumb::telemetry
