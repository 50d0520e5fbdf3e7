// The thread that writes spans into the store, off the telemetry thread and the workers:
// batches queued by the span sink are written in one transaction each, with the prepared
// INSERT (SQLite) or COPY (PostgreSQL) of Database::append_rows. The queue is bounded and the
// sink waits when it is full (the store is a lossless exporter: the run slows down rather than
// losing spans). Every 30 s the thread also renews the heartbeat of the runs being recorded,
// which tells readers on other hosts that a run is still alive.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include <plumb/store.hpp>

#include "runtime/store/recording_state.hpp"

namespace plumb::store {

class SpanWriter {
 public:
  explicit SpanWriter(RunStore::Impl& store);
  ~SpanWriter();
  SpanWriter(const SpanWriter&) = delete;
  SpanWriter& operator=(const SpanWriter&) = delete;

  // Queues the rows of one run; waits while the queue holds more than its bound.
  void enqueue(std::shared_ptr<RecordingState> run, std::vector<SpanRow> rows);
  // Waits until every row queued so far is written (or dropped with its failed run).
  void wait_idle();

 private:
  struct Batch {
    std::shared_ptr<RecordingState> run;
    std::vector<SpanRow> rows;
  };
  void loop();
  void write(std::span<const Batch> batches);
  void renew_heartbeats();

  RunStore::Impl& store_;
  std::mutex mutex_;
  std::condition_variable work_;  // the writer waits for batches
  std::condition_variable room_;  // enqueue() and wait_idle() wait for the writer
  std::deque<Batch> queue_;
  std::size_t queued_rows_ = 0;
  bool writing_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace plumb::store
