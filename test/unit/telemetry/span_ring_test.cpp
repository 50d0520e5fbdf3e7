// SpanRing: a bounded per-thread ring that refuses records when full, and asks for the
// drainer only while more than half of it waits to be drained; records carry its thread index.
#include <gtest/gtest.h>

#include "runtime/telemetry/span_ring.hpp"

namespace plumb::telemetry {
namespace {

SpanRecord numbered(std::uint64_t n) {
  SpanRecord record;
  record.start_ns = static_cast<std::int64_t>(n);
  return record;
}

TEST(SpanRing, RefusesWhenFullAndDrainsOldestFirst) {
  SpanRing ring(8, 0);
  for (std::uint64_t i = 0; i < 8; ++i)
    EXPECT_TRUE(ring.push(numbered(i)));
  EXPECT_FALSE(ring.push(numbered(8)));
  std::vector<std::int64_t> seen;
  EXPECT_EQ(ring.drain([&](const SpanRecord& r) { seen.push_back(r.start_ns); }), 8u);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_TRUE(ring.push(numbered(9)));
}

TEST(SpanRing, StampsRecordsWithItsThreadIndex) {
  SpanRing ring(8, 3);
  SpanRecord record = numbered(1);
  record.thread = 99;
  ring.push(record);
  std::uint32_t thread = 0;
  ring.drain([&](const SpanRecord& r) { thread = r.thread; });
  EXPECT_EQ(thread, 3u);
}

TEST(SpanRing, FillingOnlyWhileMoreThanHalfWaits) {
  SpanRing ring(8, 0);
  for (std::uint64_t i = 0; i < 4; ++i)
    ring.push(numbered(i));
  EXPECT_FALSE(ring.filling());
  ring.push(numbered(4));
  EXPECT_TRUE(ring.filling());
  ring.drain([](const SpanRecord&) {});
  // Far more pushes than the capacity, drained as they come: never filling (the producer
  // must see the drained tail, or it would wake the drainer on every push).
  for (std::uint64_t i = 0; i < 100; ++i) {
    ring.push(numbered(i));
    EXPECT_FALSE(ring.filling()) << "push " << i;
    ring.drain([](const SpanRecord&) {});
  }
}

}  // namespace
}  // namespace plumb::telemetry
