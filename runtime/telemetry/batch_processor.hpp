// The batch processor of the OTLP exporters (OpenTelemetry's BatchSpanProcessor rules): a
// bounded queue of encoded records that refuses and counts what does not fit (never
// blocking the caller), and one thread that sends batches — when `max_batch` records wait,
// every `delay`, or on request — through an OTLP transport (HTTP or gRPC). Failed sends are
// retried by the OTLP rules (otlp_delivery.hpp), within the export timeout; a partial
// success is never retried. shutdown() sends what is left until a deadline and drops
// (counting) the rest.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "runtime/telemetry/http_client.hpp"

namespace plumb::telemetry {

struct BatchOptions {
  std::size_t max_queue = 2048;                     // OTEL_BSP_MAX_QUEUE_SIZE
  std::size_t max_batch = 512;                      // OTEL_BSP_MAX_EXPORT_BATCH_SIZE
  std::chrono::milliseconds delay{5000};            // OTEL_BSP_SCHEDULE_DELAY
  std::chrono::milliseconds export_timeout{30000};  // OTEL_BSP_EXPORT_TIMEOUT
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{5000};
};

// One encoded record (a span or a log record: a JSON object, or a protobuf message) and the
// service it belongs to.
struct ExportItem {
  std::string service;
  std::string encoded;
};

class OtlpTransport;

struct BatchStats {
  std::uint64_t exported = 0;    // records the receiver accepted
  std::uint64_t dropped = 0;     // refused by a full queue, or in a batch that could not be sent
  std::uint64_t queue_full = 0;  // the part of `dropped` refused by a full queue
  std::uint64_t rejected = 0;    // refused by the receiver in a partial success
  std::uint64_t errors = 0;      // failed requests (every attempt)
};

class BatchProcessor {
 public:
  // Builds a request body from a batch.
  using Encode = std::function<std::string(std::span<const ExportItem>)>;

  BatchProcessor(BatchOptions options, std::unique_ptr<OtlpTransport> transport, Encode encode);
  // OTLP/HTTP JSON to `url`.
  BatchProcessor(BatchOptions options, std::string url, Headers headers, Encode encode);
  ~BatchProcessor();
  BatchProcessor(const BatchProcessor&) = delete;
  BatchProcessor& operator=(const BatchProcessor&) = delete;

  // Queues what fits (the first ones of `items`) and drops the rest; never waits for the
  // sender.
  void enqueue(std::vector<ExportItem>&& items);
  // How many records the queue takes now; it only grows until the caller enqueues, when the
  // caller is the only one that enqueues.
  std::size_t room() const;
  // Counts `count` records dropped because the queue was full (a caller that checked room()
  // and did not encode them).
  void drop_queue_full(std::size_t count);
  // Asks the thread to send everything queued now (does not wait).
  void flush_async();
  // Stops taking records and sends what is queued until `deadline` (does not wait; the
  // first deadline given counts).
  void stop(std::chrono::steady_clock::time_point deadline);
  // stop(), then waits for the thread; idempotent.
  void shutdown(std::chrono::steady_clock::time_point deadline);
  BatchStats stats() const;

 private:
  void loop();
  void send(std::vector<ExportItem>& batch);
  // Sleeps for `wait`, or less when the shutdown deadline comes first; false past it.
  bool backoff(std::chrono::milliseconds wait);
  std::chrono::steady_clock::time_point hard_deadline() const;

  BatchOptions options_;
  std::unique_ptr<OtlpTransport> transport_;
  Encode encode_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ExportItem> queue_;
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::atomic<std::int64_t> deadline_ns_;  // steady clock; max while running
  std::atomic<std::uint64_t> exported_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> queue_full_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<bool> partial_warned_{false};
  std::thread thread_;
};

// The count in an OTLP partial-success response body (`rejectedSpans`/`rejectedLogRecords`),
// 0 when the body has none.
std::uint64_t rejected_in(std::string_view body);

}  // namespace plumb::telemetry
