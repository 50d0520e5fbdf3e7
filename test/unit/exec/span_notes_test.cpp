// SpanNotes: attributes replace earlier values of their key, the limits of 128 attributes and
// 128 events per span count what they refuse, notes merge into a span's existing extras and
// are taken once.
#include <gtest/gtest.h>

#include <memory>

#include "runtime/exec/span_notes.hpp"

namespace plumb::exec {
namespace {

TEST(SpanNotes, LimitsAndReplacedValues) {
  SpanNotes notes;
  for (int i = 0; i < 130; ++i)
    notes.attribute(7, "k" + std::to_string(i), Value::integer(i));
  notes.attribute(7, "k0", Value::string("again"));
  for (int i = 0; i < 129; ++i)
    notes.event(7, telemetry::SpanEvent{"e" + std::to_string(i), i, {}});
  notes.attribute(8, "other", Value::boolean(true));
  telemetry::SpanExtras* extras = nullptr;
  notes.take(7, extras);
  ASSERT_NE(extras, nullptr);
  std::unique_ptr<telemetry::SpanExtras> owned(extras);
  ASSERT_EQ(extras->attributes.size(), SpanNotes::kMaxAttributes);
  EXPECT_EQ(extras->attributes[0].second, Value::string("again"));
  EXPECT_EQ(extras->dropped_attributes, 2u);
  EXPECT_EQ(extras->events.size(), SpanNotes::kMaxEvents);
  EXPECT_EQ(extras->dropped_events, 1u);
  telemetry::SpanExtras* none = nullptr;
  notes.take(7, none);  // taken once
  EXPECT_EQ(none, nullptr);
}

TEST(SpanNotes, MergeIntoExistingExtras) {
  SpanNotes notes;
  notes.attribute(1, "rows", Value::integer(3));
  notes.event(1, telemetry::SpanEvent{"warm", 5, {}});
  telemetry::SpanExtras* extras = new telemetry::SpanExtras{{}, {}, "timeout", "late"};
  extras->attributes.emplace_back("rows", Value::integer(1));
  notes.take(1, extras);
  std::unique_ptr<telemetry::SpanExtras> owned(extras);
  ASSERT_EQ(extras->attributes.size(), 1u);
  EXPECT_EQ(extras->attributes[0].second, Value::integer(3));
  EXPECT_EQ(extras->error_type, "timeout");
  ASSERT_EQ(extras->events.size(), 1u);
  EXPECT_EQ(extras->events[0].name, "warm");
}

}  // namespace
}  // namespace plumb::exec
