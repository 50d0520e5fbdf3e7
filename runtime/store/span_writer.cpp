// SpanWriter: the queue, the writing thread and the heartbeat. What is queued when the thread
// wakes is written in one transaction (up to kRowsPerTransaction rows), so a busy run costs
// few commits; a failed write marks the runs of the transaction failed and warns once.
#include "runtime/store/span_writer.hpp"

#include <array>
#include <chrono>

#include "runtime/store/store_impl.hpp"

namespace plumb::store {

namespace {

constexpr std::size_t kMaxQueuedRows = 65536;
constexpr std::size_t kRowsPerTransaction = 16384;
constexpr auto kHeartbeat = std::chrono::seconds(30);

constexpr std::array<std::string_view, 15> kColumns = {
    "run",    "seq",   "span_id",    "parent_id",     "kind",
    "name",   "node",  "item",       "start_ns",      "duration_ns",
    "thread", "error", "error_type", "error_message", "attributes"};

Param optional_int(std::int64_t value) {
  return value < 0 ? Param(nullptr) : Param(value);
}

}  // namespace

SpanWriter::SpanWriter(RunStore::Impl& store) : store_(store) {
  thread_ = std::thread([this] { loop(); });
}

SpanWriter::~SpanWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

void SpanWriter::enqueue(std::shared_ptr<RecordingState> run, std::vector<SpanRow> rows) {
  if (rows.empty()) return;
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return queued_rows_ < kMaxQueuedRows || stopping_; });
  queued_rows_ += rows.size();
  queue_.push_back(Batch{std::move(run), std::move(rows)});
  work_.notify_one();
}

void SpanWriter::wait_idle() {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [&] { return (queue_.empty() && !writing_) || stopping_; });
}

void SpanWriter::loop() {
  auto last_heartbeat = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  while (true) {
    work_.wait_for(lock, kHeartbeat, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty() && stopping_) break;
    std::vector<Batch> taken;
    std::size_t rows = 0;
    while (!queue_.empty() && rows < kRowsPerTransaction) {
      rows += queue_.front().rows.size();
      taken.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    writing_ = true;
    lock.unlock();
    // One transaction for the batches taken; a failure fails the runs they belong to.
    try {
      std::lock_guard db_lock(store_.mutex);
      WriteTransaction transaction(*store_.db);
      for (const Batch& batch : taken) {
        if (!batch.run->failed.load()) write(batch);
      }
      transaction.commit();
    } catch (const DatabaseError& error) {
      for (const Batch& batch : taken)
        batch.run->failed.store(true);
      store_.warn(error.what());
    }
    if (std::chrono::steady_clock::now() - last_heartbeat >= kHeartbeat) {
      renew_heartbeats();
      last_heartbeat = std::chrono::steady_clock::now();
    }
    lock.lock();
    queued_rows_ -= rows;
    writing_ = false;
    room_.notify_all();
  }
  writing_ = false;
  room_.notify_all();
}

void SpanWriter::write(const Batch& batch) {
  std::vector<Param> cells;
  cells.reserve(batch.rows.size() * kColumns.size());
  for (const SpanRow& row : batch.rows) {
    cells.emplace_back(batch.run->key);
    cells.emplace_back(row.seq);
    cells.emplace_back(row.span_id);
    cells.emplace_back(row.parent_id);
    cells.emplace_back(std::string_view(row.kind));
    cells.push_back(optional_text(row.name));
    cells.push_back(optional_int(row.node));
    cells.push_back(optional_int(row.item));
    cells.emplace_back(row.start_ns);
    cells.emplace_back(row.duration_ns);
    cells.emplace_back(row.thread);
    cells.emplace_back(std::int64_t{row.error ? 1 : 0});
    cells.push_back(optional_text(row.error_type));
    cells.push_back(optional_text(row.error_message));
    cells.push_back(optional_text(row.attributes));
  }
  store_.db->append_rows("spans", kColumns, cells);
}

void SpanWriter::renew_heartbeats() {
  std::vector<std::shared_ptr<RecordingState>> runs = store_.recordings();
  if (runs.empty()) return;
  std::lock_guard db_lock(store_.mutex);
  try {
    WriteTransaction transaction(*store_.db);
    Statement& update = store_.db->prepare("UPDATE runs SET heartbeat_ns = $1 WHERE run = $2");
    const std::int64_t now = unix_now_ns();
    for (const auto& run : runs) {
      if (!run->failed.load()) update.run(std::vector<Param>{now, run->key});
    }
    transaction.commit();
  } catch (const DatabaseError&) {
    // A heartbeat that cannot be written is retried at the next one; the spans' writes report
    // a store that stays unwritable.
  }
}

}  // namespace plumb::store
