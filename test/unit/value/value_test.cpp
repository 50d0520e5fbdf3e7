// Values: construction, sharing, records and shapes, equality and stable hashing, and lists
// built in place.
#include <plumb/json.hpp>
#include <plumb/value.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/value/value_hash.hpp"

namespace plumb {
namespace {

TEST(Value, ScalarsAreInline) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_EQ(Value::integer(-7).as_int(), -7);
  EXPECT_EQ(Value::number(2.5).as_float(), 2.5);
  EXPECT_TRUE(Value::boolean(true).as_bool());
  EXPECT_FALSE(Value::integer(1).is_object());
}

TEST(Value, StringsKeepTheirBytes) {
  std::string text("a\0b", 3);
  Value v = Value::string(text);
  EXPECT_EQ(v.as_str(), text);
  Value copy = v;
  EXPECT_EQ(copy.object(), v.object());
}

TEST(Value, ListsShareAndCompareDeeply) {
  Value a = Value::list(std::vector<Value>{Value::integer(1), Value::string("x")});
  Value b = Value::list(std::vector<Value>{Value::number(1.0), Value::string("x")});
  EXPECT_TRUE(a == b);
  EXPECT_EQ(stable_hash(a), stable_hash(b));
  EXPECT_FALSE(a == Value::list(std::vector<Value>{Value::integer(1)}));
}

TEST(Value, RecordsKeepKeyOrderAndLastValueOfRepeatedKey) {
  std::vector<std::pair<std::string_view, Value>> fields = {
      {"b", Value::integer(1)}, {"a", Value::integer(2)}, {"b", Value::integer(3)}};
  Value r = Value::record(fields);
  ASSERT_EQ(r.shape().size(), 2u);
  EXPECT_EQ(r.shape().key(0), "b");
  EXPECT_EQ(r.shape().key(1), "a");
  EXPECT_EQ(r.find_field("b")->as_int(), 3);
  EXPECT_EQ(r.find_field("missing"), nullptr);
}

TEST(Value, LargeShapesUseTheHashIndex) {
  std::vector<std::string> keys;
  std::vector<Value> values;
  for (int i = 0; i < 100; ++i) {
    keys.push_back("key" + std::to_string(i));
    values.push_back(Value::integer(i));
  }
  Shape shape{std::span<const std::string>(keys)};
  Value r = Value::record(shape, std::move(values));
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(r.find_field(keys[i])->as_int(), i);
  EXPECT_EQ(r.find_field("key100"), nullptr);
}

// Floats between 9.2e18 and 2^63 (and their negatives) equal the integer they hold, as ==
// says; they hashed as float bits, so a set or a join keyed on them held both.
TEST(Value, IntegralFloatsHashLikeTheEqualIntUpTo2To63) {
  for (double d : {-0x1p63, -9.22e18, -9.2e18, 9.2e18, 9.22e18, 0x1p63 - 1024}) {
    const Value as_int = Value::integer(static_cast<std::int64_t>(d));
    ASSERT_TRUE(Value::number(d) == as_int) << d;
    EXPECT_EQ(stable_hash(Value::number(d)), stable_hash(as_int)) << d;
  }
  EXPECT_NE(stable_hash(Value::number(0x1p63)), stable_hash(Value::integer(INT64_MAX)));
}

// The definition in docs/runtime.md, "Hashing values", pinned: these numbers are stored by the
// run store and caches, so a change here is a format change, not a refactoring.
TEST(Value, HashValuesArePinned) {
  EXPECT_EQ(stable_hash(Value()), 0x0000000000000000ULL);
  EXPECT_EQ(stable_hash(parse_json("true")), 0x25b775faeca8f520ULL);
  EXPECT_EQ(stable_hash(parse_json("3")), 0x45e66a6e12c4c3f4ULL);
  EXPECT_EQ(stable_hash(parse_json("3.0")), 0x45e66a6e12c4c3f4ULL);
  EXPECT_EQ(stable_hash(parse_json("2.5")), 0x7f3e80fc3a6dc40aULL);
  EXPECT_EQ(stable_hash(parse_json(R"("plumb")")), 0xfcdef3f92f7116d0ULL);
  EXPECT_EQ(stable_hash(parse_json(R"([1, "x"])")), 0xb7a84d78c6a5305aULL);
  EXPECT_EQ(stable_hash(parse_json(R"({"a": 1, "b": [true, null]})")), 0xef33e152b69582d3ULL);
  EXPECT_EQ(stable_hash(parse_json("[]")), 0xb54cda58fbbee87eULL);
  EXPECT_EQ(stable_hash(parse_json("{}")), 0x538454127b096493ULL);
}

TEST(Value, ValueHashKeysContainersByEquality) {
  std::unordered_set<Value, ValueHash> seen;
  seen.insert(Value::integer(1));
  EXPECT_FALSE(seen.insert(Value::number(1.0)).second);
  EXPECT_TRUE(seen.insert(Value::number(1.5)).second);
  EXPECT_EQ(ValueHash{}(Value::integer(7)),
            static_cast<std::size_t>(stable_hash(Value::number(7.0))));
}

TEST(Value, HashIsStableAcrossRuns) {
  // Fixed expected values: a change here breaks caches and run history on disk.
  EXPECT_EQ(stable_hash(Value::string("plumb")), stable_hash(Value::string("plumb")));
  EXPECT_EQ(stable_hash(Value::integer(3)), stable_hash(Value::number(3.0)));
  EXPECT_NE(stable_hash(Value::integer(3)), stable_hash(Value::string("3")));
}

TEST(Value, IntAndFloatAreEqualOnlyWhenExactlyTheSameNumber) {
  constexpr std::int64_t kTwo53 = std::int64_t{1} << 53;
  EXPECT_TRUE(Value::integer(kTwo53) == Value::number(0x1p53));
  EXPECT_FALSE(Value::integer(kTwo53 + 1) == Value::number(0x1p53));
  EXPECT_FALSE(Value::number(0x1p53) == Value::integer(kTwo53 + 1));
  EXPECT_FALSE(Value::integer(INT64_MAX) == Value::number(0x1p63));
  EXPECT_FALSE(Value::integer(2) == Value::number(2.5));
  EXPECT_FALSE(Value::integer(0) == Value::number(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_TRUE(Value::integer(INT64_MIN) == Value::number(-0x1p63));
  // Equal values hash alike, unequal ones here do not.
  EXPECT_NE(stable_hash(Value::integer(kTwo53 + 1)), stable_hash(Value::number(0x1p53)));
}

TEST(ListBuilder, WritesSlotsInPlaceAndKeepsTheFirstCount) {
  ListBuilder builder(5);
  EXPECT_EQ(builder.capacity(), 5u);
  EXPECT_TRUE(builder[4].is_null());
  builder[0] = Value::integer(1);
  builder[1] = Value::string("two");
  builder[2] = Value::string("dropped by finish");
  Value list = builder.finish(2);
  ASSERT_EQ(list.as_list().size(), 2u);
  EXPECT_EQ(list.as_list()[0].as_int(), 1);
  EXPECT_EQ(list.as_list()[1].as_str(), "two");
  EXPECT_EQ(builder.capacity(), 0u);
}

TEST(ListBuilder, ReleasesWhatItHoldsWhenNotFinished) {
  Value shared = Value::string("shared");
  {
    ListBuilder builder(3);
    builder[1] = shared;
    ListBuilder moved = std::move(builder);
    EXPECT_EQ(shared.object()->refs.load(), 2u);
  }
  EXPECT_EQ(shared.object()->refs.load(), 1u);
}

TEST(ListBuilder, LargeListsAndEmptyOnes) {
  constexpr std::size_t kCount = 3'000'000;  // 48 MB: huge pages are asked for
  ListBuilder builder(kCount);
  for (std::size_t i = 0; i < kCount; ++i)
    builder[i] = Value::integer(static_cast<std::int64_t>(i));
  Value list = builder.finish(kCount);
  EXPECT_EQ(list.as_list()[kCount - 1].as_int(), static_cast<std::int64_t>(kCount - 1));
  EXPECT_TRUE(ListBuilder(0).finish(0).as_list().empty());
}

TEST(Value, SharingAcrossThreadsKeepsCountsExact) {
  Value shared = Value::string("shared between threads");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100000; ++i) {
        Value copy = shared;
        ASSERT_EQ(copy.as_str(), "shared between threads");
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(shared.object()->refs.load(), 1u);
}

}  // namespace
}  // namespace plumb
