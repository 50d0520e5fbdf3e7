// The batch processor against a local receiver: batching, drop counting with a tiny queue,
// which statuses are retried (and Retry-After), no retry after a partial success, and the
// shutdown deadline when the receiver is down or hangs.
#include <gtest/gtest.h>

#include "receiver.hpp"
#include "runtime/telemetry/batch_processor.hpp"

namespace plumb::telemetry {
namespace {

using namespace std::chrono_literals;
using testing::Receiver;
using testing::Reply;
using Clock = std::chrono::steady_clock;

std::string join(std::span<const ExportItem> items) {
  std::string out;
  for (const ExportItem& item : items)
    out += item.encoded + ";";
  return out;
}

BatchOptions fast_options() {
  BatchOptions o;
  o.max_queue = 100;
  o.max_batch = 10;
  o.delay = 20ms;
  o.export_timeout = 2000ms;
  o.initial_backoff = 20ms;
  o.max_backoff = 50ms;
  return o;
}

std::vector<ExportItem> items(int n, int from = 0) {
  std::vector<ExportItem> out;
  for (int i = 0; i < n; ++i)
    out.push_back({"s", std::to_string(from + i)});
  return out;
}

TEST(BatchProcessor, SendsInBatches) {
  Receiver receiver({Reply{}});
  {
    BatchProcessor p(fast_options(), receiver.url("/v1/traces"), {{"X-Key", "v"}}, join);
    p.enqueue(items(25));
    p.shutdown(Clock::now() + 2s);
    EXPECT_EQ(p.stats().exported, 25u);
    EXPECT_EQ(p.stats().dropped, 0u);
  }
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].body, "0;1;2;3;4;5;6;7;8;9;");
  EXPECT_NE(requests[0].head.find("POST /v1/traces"), std::string::npos);
  EXPECT_NE(requests[0].head.find("X-Key: v"), std::string::npos);
  EXPECT_NE(requests[0].head.find("Content-Type: application/json"), std::string::npos);
}

TEST(BatchProcessor, FullQueueDropsAndCounts) {
  Receiver receiver({Reply{}});
  BatchOptions o = fast_options();
  o.max_queue = 4;
  o.max_batch = 4;
  o.delay = 10s;
  BatchProcessor p(o, receiver.url(), {}, join);
  p.enqueue(items(10));  // one call: 4 fit, 6 are dropped at once
  p.shutdown(Clock::now() + 2s);
  EXPECT_EQ(p.stats().dropped, 6u);
  EXPECT_EQ(p.stats().queue_full, 6u);
  EXPECT_EQ(p.stats().exported, 4u);
}

TEST(BatchProcessor, RoomAndDropsOfACallerThatDidNotEncode) {
  Receiver receiver({Reply{}});
  BatchOptions o = fast_options();
  o.max_queue = 4;
  BatchProcessor p(o, receiver.url(), {}, join);
  EXPECT_EQ(p.room(), 4u);
  p.drop_queue_full(3);
  EXPECT_EQ(p.stats().dropped, 3u);
  EXPECT_EQ(p.stats().queue_full, 3u);
  p.shutdown(Clock::now() + 2s);
  EXPECT_EQ(p.room(), 0u);  // a stopped processor takes nothing
}

TEST(BatchProcessor, RetriesUnavailableThenSucceeds) {
  Receiver receiver({Reply{503, "Retry-After: 0\r\n"}, Reply{429}, Reply{200}});
  BatchProcessor p(fast_options(), receiver.url(), {}, join);
  p.enqueue(items(3));
  p.shutdown(Clock::now() + 5s);
  EXPECT_EQ(receiver.requests().size(), 3u);
  EXPECT_EQ(p.stats().exported, 3u);
  EXPECT_EQ(p.stats().errors, 2u);
  EXPECT_EQ(p.stats().dropped, 0u);
}

TEST(BatchProcessor, DoesNotRetryClientErrors) {
  Receiver receiver({Reply{400}, Reply{200}});
  BatchProcessor p(fast_options(), receiver.url(), {}, join);
  p.enqueue(items(3));
  p.shutdown(Clock::now() + 5s);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(p.stats().dropped, 3u);
  EXPECT_EQ(p.stats().queue_full, 0u);  // lost by the send, not the queue
  EXPECT_EQ(p.stats().errors, 1u);
}

TEST(BatchProcessor, PartialSuccessIsNotRetried) {
  Receiver receiver(
      {Reply{200, "", R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"x"}})"}});
  BatchProcessor p(fast_options(), receiver.url(), {}, join);
  p.enqueue(items(5));
  p.shutdown(Clock::now() + 5s);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(p.stats().rejected, 2u);
  EXPECT_EQ(p.stats().exported, 3u);
}

TEST(BatchProcessor, ShutdownMeetsItsDeadlineWhenTheReceiverIsDown) {
  int port;
  {
    Receiver gone({Reply{}});
    port = std::stoi(gone.url().substr(17));
  }
  BatchOptions o = fast_options();
  o.export_timeout = 30s;
  o.initial_backoff = 100ms;
  BatchProcessor p(o, "http://127.0.0.1:" + std::to_string(port), {}, join);
  p.enqueue(items(5));
  auto start = Clock::now();
  p.shutdown(start + 500ms);
  EXPECT_LT(Clock::now() - start, 1500ms);
  EXPECT_EQ(p.stats().dropped, 5u);
  EXPECT_GE(p.stats().errors, 1u);
}

TEST(BatchProcessor, ShutdownMeetsItsDeadlineWhenTheReceiverHangs) {
  Receiver receiver({Reply{200, "", "", true}});
  BatchOptions o = fast_options();
  o.export_timeout = 30s;
  BatchProcessor p(o, receiver.url(), {}, join);
  p.enqueue(items(5));
  auto start = Clock::now();
  p.shutdown(start + 700ms);
  EXPECT_LT(Clock::now() - start, 2000ms);
  EXPECT_EQ(p.stats().dropped, 5u);
}

TEST(BatchProcessor, PartialSuccessCount) {
  EXPECT_EQ(rejected_in(R"({"partialSuccess":{"rejectedLogRecords":"12"}})"), 12u);
  EXPECT_EQ(rejected_in(R"({"partialSuccess":{"rejectedSpans":7}})"), 7u);
  EXPECT_EQ(rejected_in("{}"), 0u);
}

}  // namespace
}  // namespace plumb::telemetry
