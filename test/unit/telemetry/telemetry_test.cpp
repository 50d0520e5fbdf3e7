// Telemetry's span pipeline: with a lossless exporter attached a full ring makes its worker
// wait (drain) instead of dropping, from one thread or several; with only lossy exporters a
// full ring drops, counting each span on its run; shutdown() reports output errors once;
// concurrent exporters get batches on several threads at once, the others one at a time.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/telemetry/telemetry.hpp"

namespace plumb::telemetry {
namespace {

// Counts spans, slowly enough that the drainer falls behind a tight recording loop.
class CountingExporter : public SpanExporter {
 public:
  explicit CountingExporter(bool lossless) : lossless_(lossless) {}
  bool lossless() const override { return lossless_; }
  void export_spans(std::span<const SpanView> spans) override {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    count += spans.size();
  }
  std::string output_error() const override { return error; }

  std::atomic<std::uint64_t> count{0};
  std::string error;

 private:
  bool lossless_;
};

void record_many(Telemetry& telemetry, const RunMeta& run, std::uint64_t n) {
  SpanRecord record;
  record.run = &run;
  for (std::uint64_t i = 0; i < n; ++i) {
    record.span_id = i + 1;
    telemetry.record(record);
  }
}

TEST(Telemetry, LosslessExporterGetsEverySpanOfOneThread) {
  auto exporter = std::make_shared<CountingExporter>(true);
  Telemetry telemetry(64);
  telemetry.add_exporter(exporter);
  EXPECT_TRUE(telemetry.lossless());
  RunMeta run;
  record_many(telemetry, run, 100000);
  telemetry.flush();
  EXPECT_EQ(exporter->count.load(), 100000u);
  EXPECT_EQ(telemetry.dropped(), 0u);
  EXPECT_EQ(run.dropped_buffer_full.load(), 0u);
}

TEST(Telemetry, LosslessExporterGetsEverySpanOfManyThreads) {
  auto exporter = std::make_shared<CountingExporter>(true);
  Telemetry telemetry(64);
  telemetry.add_exporter(exporter);
  RunMeta run;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] { record_many(telemetry, run, 25000); });
  for (std::thread& t : threads)
    t.join();
  telemetry.flush();
  EXPECT_EQ(exporter->count.load(), 100000u);
  EXPECT_EQ(telemetry.dropped(), 0u);
}

// Notes every span id it gets and how many calls overlap; `concurrent` says which it claims.
class IdExporter : public SpanExporter {
 public:
  explicit IdExporter(bool concurrent) : concurrent_(concurrent) {}
  bool lossless() const override { return true; }
  bool concurrent() const override { return concurrent_; }
  void export_spans(std::span<const SpanView> spans) override {
    const int inside = ++in_flight;
    int seen = most_in_flight.load();
    while (inside > seen && !most_in_flight.compare_exchange_weak(seen, inside)) {
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    {
      std::lock_guard lock(mutex);
      for (const SpanView& span : spans)
        ids.push_back(span.record().span_id);
    }
    --in_flight;
  }

  std::atomic<int> in_flight{0};
  std::atomic<int> most_in_flight{0};
  std::mutex mutex;
  std::vector<std::uint64_t> ids;

 private:
  bool concurrent_;
};

// A concurrent exporter gets batches on several threads at once, each span exactly once and
// all of them by the end of flush(); an exporter that is not concurrent, attached beside it,
// is never called twice at once.
TEST(Telemetry, ConcurrentExportersGetEverySpanOnceAndOthersOneBatchAtATime) {
  auto concurrent = std::make_shared<IdExporter>(true);
  auto serial = std::make_shared<IdExporter>(false);
  Telemetry telemetry(64);
  telemetry.add_exporter(concurrent);
  telemetry.add_exporter(serial);
  std::vector<RunMeta> runs(4);
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      SpanRecord record;
      record.run = &runs[t];
      for (std::uint64_t i = 0; i < 20000; ++i) {
        record.span_id = t * 20000 + i + 1;
        telemetry.record(record);
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  telemetry.flush();
  for (IdExporter* exporter : {concurrent.get(), serial.get()}) {
    std::vector<std::uint64_t> ids = exporter->ids;
    std::sort(ids.begin(), ids.end());
    ASSERT_EQ(ids.size(), 80000u);
    for (std::uint64_t i = 0; i < ids.size(); ++i)
      ASSERT_EQ(ids[i], i + 1);
  }
  EXPECT_EQ(serial->most_in_flight.load(), 1);
  EXPECT_EQ(telemetry.dropped(), 0u);
}

TEST(Telemetry, OneLosslessExporterAmongLossyOnesStopsDrops) {
  auto lossy = std::make_shared<CountingExporter>(false);
  auto lossless = std::make_shared<CountingExporter>(true);
  Telemetry telemetry(64);
  telemetry.add_exporter(lossy);
  EXPECT_FALSE(telemetry.lossless());
  telemetry.add_exporter(lossless);
  EXPECT_TRUE(telemetry.lossless());
  RunMeta run;
  record_many(telemetry, run, 20000);
  telemetry.flush();
  EXPECT_EQ(lossless->count.load(), 20000u);
  EXPECT_EQ(lossy->count.load(), 20000u);
}

TEST(Telemetry, LossyExportersLetFullRingsDropAndCountOnTheRun) {
  auto exporter = std::make_shared<CountingExporter>(false);
  Telemetry telemetry(64);
  telemetry.add_exporter(exporter);
  RunMeta run;
  record_many(telemetry, run, 100000);
  telemetry.flush();
  EXPECT_GT(telemetry.dropped(), 0u);
  EXPECT_EQ(run.dropped_buffer_full.load(), telemetry.dropped());
  EXPECT_EQ(exporter->count.load() + telemetry.dropped(), 100000u);
}

TEST(Telemetry, ShutdownReportsOutputErrorsOnceAndDetachesExporters) {
  auto exporter = std::make_shared<CountingExporter>(true);
  exporter->error = "cannot write trace file t.json: No space left on device";
  Telemetry telemetry;
  telemetry.add_exporter(exporter);
  EXPECT_EQ(telemetry.shutdown(), std::vector<std::string>{exporter->error});
  EXPECT_FALSE(telemetry.has_exporters());
  EXPECT_FALSE(telemetry.lossless());
  EXPECT_TRUE(telemetry.shutdown().empty());
}

}  // namespace
}  // namespace plumb::telemetry
