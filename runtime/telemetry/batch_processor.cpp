// BatchProcessor: the queue, the sending thread, and the retry rules.
#include "runtime/telemetry/batch_processor.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

#include "base/value/redaction.hpp"

namespace plumb::telemetry {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kSleepSlice = milliseconds(50);

bool retryable(const HttpResponse& r) {
  return r.status == 0 || r.status == 429 || r.status == 502 || r.status == 503 || r.status == 504;
}

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

BatchProcessor::BatchProcessor(BatchOptions options, std::string url, Headers headers,
                               Encode encode)
    : options_(options),
      url_(std::move(url)),
      headers_(std::move(headers)),
      encode_(std::move(encode)),
      deadline_ns_(std::numeric_limits<std::int64_t>::max()) {
  options_.max_batch = std::max<std::size_t>(1, std::min(options_.max_batch, options_.max_queue));
  headers_.emplace_back("Content-Type", "application/json");
  thread_ = std::thread([this] { loop(); });
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
    dropped_.fetch_add(items.size() - taken, std::memory_order_relaxed);
    wake = queue_.size() >= options_.max_batch;
  }
  if (wake) wake_.notify_all();
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
  return BatchStats{exported_.load(), dropped_.load(), rejected_.load(), errors_.load()};
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
  thread_local std::minstd_rand jitter(std::random_device{}());
  const std::string body = encode_(batch);
  const std::uint64_t n = batch.size();
  const auto give_up = std::min(Clock::now() + options_.export_timeout, hard_deadline());
  milliseconds wait = options_.initial_backoff;
  for (;;) {
    const auto now = Clock::now();
    const auto limit = std::min(give_up, hard_deadline());
    if (now >= limit) break;
    HttpResponse r = client_.send("POST", url_, headers_, body,
                                  std::chrono::duration_cast<milliseconds>(limit - now),
                                  [this] { return Clock::now() >= hard_deadline(); });
    if (r.ok()) {
      const std::uint64_t rejected = std::min(n, rejected_in(r.body));
      rejected_.fetch_add(rejected, std::memory_order_relaxed);
      exported_.fetch_add(n - rejected, std::memory_order_relaxed);
      return;
    }
    if (errors_.fetch_add(1, std::memory_order_relaxed) == 0) {
      const std::string why = r.status ? "http status " + std::to_string(r.status) : r.error;
      std::fprintf(stderr, "plumb: warning: otlp export to %s failed: %s\n",
                   redacted_url(url_).c_str(), why.c_str());
    }
    if (!retryable(r)) break;
    milliseconds pause = wait / 2 + milliseconds(jitter() % (wait.count() / 2 + 1));
    if (r.retry_after >= 0) pause = milliseconds(static_cast<std::int64_t>(r.retry_after * 1000));
    wait = std::min(wait * 2, options_.max_backoff);
    if (Clock::now() + pause >= limit || !backoff(pause)) break;
  }
  dropped_.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace plumb::telemetry
