// BatchProcessor: the queue, the sending thread, and the retry rules.
#include "runtime/telemetry/batch_processor.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "runtime/telemetry/otlp_delivery.hpp"
#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kSleepSlice = milliseconds(50);

std::int64_t to_ns(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::uint64_t rejected_in(std::string_view body) {
  for (std::string_view key : {"\"rejectedSpans\"", "\"rejectedLogRecords\""}) {
    auto at = body.find(key);
    if (at == std::string_view::npos) continue;
    std::size_t i = at + key.size();
    while (i < body.size() && (body[i] == ':' || body[i] == ' ' || body[i] == '"'))
      ++i;
    std::uint64_t count = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
      count = count * 10 + (body[i++] - '0');
    return count;
  }
  return 0;
}

BatchProcessor::BatchProcessor(BatchOptions options, std::unique_ptr<OtlpTransport> transport,
                               Encode encode)
    : options_(options),
      transport_(std::move(transport)),
      encode_(std::move(encode)),
      deadline_ns_(std::numeric_limits<std::int64_t>::max()) {
  if (!transport_) throw std::invalid_argument("BatchProcessor: no transport");
  options_.max_batch = std::max<std::size_t>(1, std::min(options_.max_batch, options_.max_queue));
  thread_ = std::thread([this] { loop(); });
}

BatchProcessor::BatchProcessor(BatchOptions options, std::string url, Headers headers,
                               Encode encode)
    : BatchProcessor(options,
                     std::make_unique<HttpTransport>(std::move(url), std::move(headers),
                                                     OtlpProtocol::HttpJson),
                     std::move(encode)) {
}

BatchProcessor::~BatchProcessor() {
  shutdown(Clock::now());
}

void BatchProcessor::enqueue(std::vector<ExportItem>&& items) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      dropped_.fetch_add(items.size(), std::memory_order_relaxed);
      return;
    }
    const std::size_t room = options_.max_queue - std::min(options_.max_queue, queue_.size());
    const std::size_t taken = std::min(room, items.size());
    for (std::size_t i = 0; i < taken; ++i)
      queue_.push_back(std::move(items[i]));
    wake = queue_.size() >= options_.max_batch;
    drop_queue_full(items.size() - taken);
  }
  if (wake) wake_.notify_all();
}

std::size_t BatchProcessor::room() const {
  std::lock_guard lock(mutex_);
  return stopping_ ? 0 : options_.max_queue - std::min(options_.max_queue, queue_.size());
}

void BatchProcessor::drop_queue_full(std::size_t count) {
  dropped_.fetch_add(count, std::memory_order_relaxed);
  queue_full_.fetch_add(count, std::memory_order_relaxed);
}

void BatchProcessor::flush_async() {
  {
    std::lock_guard lock(mutex_);
    flush_requested_ = true;
  }
  wake_.notify_all();
}

void BatchProcessor::stop(Clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) deadline_ns_.store(to_ns(deadline));
    stopping_ = true;
  }
  wake_.notify_all();
}

void BatchProcessor::shutdown(Clock::time_point deadline) {
  stop(deadline);
  if (thread_.joinable()) thread_.join();
}

BatchStats BatchProcessor::stats() const {
  return BatchStats{exported_.load(), dropped_.load(), queue_full_.load(), rejected_.load(),
                    errors_.load()};
}

Clock::time_point BatchProcessor::hard_deadline() const {
  return Clock::time_point(std::chrono::nanoseconds(deadline_ns_.load()));
}

void BatchProcessor::loop() {
  std::unique_lock lock(mutex_);
  auto next = Clock::now() + options_.delay;
  std::vector<ExportItem> batch;
  for (;;) {
    wake_.wait_until(lock, next, [&] {
      return stopping_ || flush_requested_ || queue_.size() >= options_.max_batch;
    });
    if (queue_.empty()) {
      flush_requested_ = false;
      if (stopping_) break;
      next = Clock::now() + options_.delay;
      continue;
    }
    if (stopping_ && Clock::now() >= hard_deadline()) break;
    const std::size_t n = std::min(options_.max_batch, queue_.size());
    batch.assign(std::make_move_iterator(queue_.begin()),
                 std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    if (queue_.empty()) flush_requested_ = false;
    if (Clock::now() >= next) next = Clock::now() + options_.delay;
    lock.unlock();
    send(batch);
    batch.clear();
    lock.lock();
  }
  dropped_.fetch_add(queue_.size(), std::memory_order_relaxed);
  queue_.clear();
}

bool BatchProcessor::backoff(milliseconds wait) {
  const auto until = Clock::now() + wait;
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto now = Clock::now();
    if (stopping_ && now >= hard_deadline()) return false;
    if (now >= until) return true;
    wake_.wait_until(lock, std::min(until, now + kSleepSlice));
  }
}

void BatchProcessor::send(std::vector<ExportItem>& batch) {
  const std::string body = encode_(batch);
  const std::uint64_t n = batch.size();
  DeliveryHooks hooks;
  hooks.deadline = [this] { return hard_deadline(); };
  hooks.pause = [this](milliseconds wait) { return backoff(wait); };
  hooks.failed = [this](const SendResult& r) { count_failure(errors_, *transport_, r); };
  const SendResult r = deliver(*transport_, body, Clock::now() + options_.export_timeout,
                               RetryOptions{options_.initial_backoff, options_.max_backoff}, hooks);
  if (!r.accepted) {
    dropped_.fetch_add(n, std::memory_order_relaxed);
    return;
  }
  const std::uint64_t rejected = std::min<std::uint64_t>(n, r.partial.rejected);
  rejected_.fetch_add(rejected, std::memory_order_relaxed);
  exported_.fetch_add(n - rejected, std::memory_order_relaxed);
  if ((rejected > 0 || !r.partial.message.empty()) && !partial_warned_.exchange(true)) {
    std::fprintf(stderr,
                 "plumb: warning: the otlp receiver at %s rejected %llu of %llu records%s%s\n",
                 transport_->target().c_str(), static_cast<unsigned long long>(rejected),
                 static_cast<unsigned long long>(n), r.partial.message.empty() ? "" : ": ",
                 r.partial.message.c_str());
  }
}

}  // namespace plumb::telemetry
