// SpanWriter: the queue, the writing thread and the heartbeat. What is queued when the thread
// wakes is written in one transaction (up to kRowsPerTransaction rows), so a busy run costs
// few commits; a failed write marks the runs of the transaction failed and warns once.
#include "runtime/store/span_writer.hpp"

#include <array>
#include <chrono>

#include "runtime/store/row_payload.hpp"
#include "runtime/store/store_impl.hpp"

namespace plumb::store {

namespace {

constexpr std::size_t kMaxQueuedRows = 65536;
constexpr std::size_t kRowsPerTransaction = 16384;
constexpr auto kHeartbeat = std::chrono::seconds(30);

constexpr std::array<std::string_view, 4> kColumns = {"run", "first_seq", "span_count", "payload"};

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
      write(taken);
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

// The rows of one run's consecutive batches go into one `span_batches` row (schema.cpp,
// version 2): the database's cost is per row, whatever its size.
void SpanWriter::write(std::span<const Batch> batches) {
  std::vector<std::string> payloads;
  payloads.reserve(batches.size());  // `cells` points into them: they must not move
  std::vector<Param> cells;
  std::size_t first = 0;
  while (first < batches.size()) {
    std::size_t end = first + 1;
    while (end < batches.size() && batches[end].run == batches[first].run)
      ++end;
    const RecordingState& run = *batches[first].run;
    if (!run.failed.load()) {
      PayloadWriter payload;
      std::int64_t first_seq = -1;
      for (std::size_t i = first; i < end; ++i) {
        for (const SpanRow& row : batches[i].rows) {
          if (first_seq < 0 || row.seq < first_seq) first_seq = row.seq;
          payload.begin_row();
          payload.integer(row.seq);
          payload.integer(row.span_id);
          payload.integer(row.parent_id);
          payload.text(row.kind);
          payload.optional_text(row.name);
          payload.optional_integer(row.node);
          payload.optional_integer(row.item);
          payload.integer(row.start_ns);
          payload.integer(row.duration_ns);
          payload.integer(row.thread);
          payload.integer(row.error ? 1 : 0);
          payload.optional_text(row.error_type);
          payload.optional_text(row.error_message);
          payload.optional_text(row.attributes);
          payload.end_row();
        }
      }
      const auto count = static_cast<std::int64_t>(payload.rows());
      payloads.push_back(payload.take());
      cells.insert(cells.end(), {run.key, first_seq, count, std::string_view(payloads.back())});
    }
    first = end;
  }
  store_.db->append_rows("span_batches", kColumns, cells);
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
