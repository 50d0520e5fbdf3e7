// Values nested far deeper than any stack allows (`x = [x]` in a loop): destroying, comparing,
// ordering, hashing and writing them as JSON walk without recursion. Before, each of these
// recursed once per level and a million levels overflowed the stack.
#include <plumb/error.hpp>
#include <plumb/json.hpp>
#include <plumb/value.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/value/ops.hpp"

namespace plumb {
namespace {

// Far deeper than a default 8 MiB stack allows for a walk that recurses once per level.
constexpr std::size_t kDeep = 1'000'000;
constexpr std::size_t kCompared = 300'000;

Value wrap_in_list(Value inner) {
  std::vector<Value> items;
  items.push_back(std::move(inner));
  return Value::list(std::move(items));
}

Value wrap_in_record(Value inner) {
  static const std::string_view kKeys[] = {"next"};
  static const Shape kShape{std::span<const std::string_view>(kKeys)};
  std::vector<Value> values;
  values.push_back(std::move(inner));
  return Value::record(kShape, std::move(values));
}

// [[[...[leaf]...]]] with `depth` lists, alternating with records when `records` is set.
Value nested(std::size_t depth, Value leaf, bool records = false) {
  Value v = std::move(leaf);
  for (std::size_t i = 0; i < depth; ++i)
    v = records && i % 2 == 1 ? wrap_in_record(std::move(v)) : wrap_in_list(std::move(v));
  return v;
}

std::size_t depth_of(const Value& v) {
  std::size_t depth = 0;
  const Value* at = &v;
  while (at->is_list() || at->is_record()) {
    at = at->is_list() ? &at->as_list()[0] : &at->field_values()[0];
    ++depth;
  }
  return depth;
}

TEST(DeepValues, AreDestroyedWithoutRecursion) {
  { Value lists = nested(kDeep, Value::string("leaf")); }
  { Value mixed = nested(kDeep, Value::integer(1), true); }
  // A list of deep values, and lists whose slots hold several deep values each.
  std::vector<Value> many;
  for (int i = 0; i < 4; ++i)
    many.push_back(nested(kDeep / 4, Value::integer(i), true));
  Value wide = Value::list(std::move(many));
  wide = Value();
  SUCCEED();
}

TEST(DeepValues, DestroyingKeepsSharedPartsIntact) {
  Value inner = nested(kDeep / 2, Value::string("kept"), true);
  Value outer = nested(kDeep / 2, inner);
  Value again = Value::list(std::vector<Value>{inner, inner});
  outer = Value();
  EXPECT_EQ(depth_of(inner), kDeep / 2);
  EXPECT_EQ(inner.object()->refs.load(), 3u);
  again = Value();
  EXPECT_EQ(inner.object()->refs.load(), 1u);
  const Value* leaf = &inner;
  while (leaf->is_list() || leaf->is_record())
    leaf = leaf->is_list() ? &leaf->as_list()[0] : &leaf->field_values()[0];
  EXPECT_EQ(leaf->as_str(), "kept");
}

TEST(DeepValues, CompareAndHashWithoutRecursion) {
  Value a = nested(kCompared, Value::integer(1), true);
  Value b = nested(kCompared, Value::number(1.0), true);
  Value c = nested(kCompared, Value::integer(2), true);
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_EQ(stable_hash(a), stable_hash(b));
  EXPECT_NE(stable_hash(a), stable_hash(c));
  Value la = nested(kCompared, Value::integer(1));
  Value lc = nested(kCompared, Value::integer(2));
  EXPECT_EQ(ops::compare(la, lc), -1);
  EXPECT_EQ(ops::compare(lc, la), 1);
  EXPECT_EQ(ops::compare(la, nested(kCompared, Value::number(1.0))), 0);
  EXPECT_THROW(ops::compare(la, nested(kCompared, Value::string("x"))), ValueError);
}

TEST(DeepValues, WriteAsJsonWithoutRecursion) {
  std::string text = to_json(nested(kCompared, Value::integer(7)));
  ASSERT_EQ(text.size(), 2 * kCompared + 1);
  EXPECT_EQ(text.substr(kCompared - 2, 5), "[[7]]");
  JsonOptions pretty;
  pretty.indent = 1;
  EXPECT_EQ(to_json(nested(2, Value::integer(7), true), pretty), "{\n \"next\": [\n  7\n ]\n}");
  EXPECT_EQ(to_json(nested(3, Value(), true)), "[{\"next\": [null]}]");
  // Indentation stops at 64 levels: a million levels do not make a text of 10^12 spaces.
  JsonOptions two;
  two.indent = 2;
  EXPECT_LT(to_json(nested(kCompared, Value::integer(7)), two).size(), 2 * kCompared + 20000);
  JsonOptions one;
  one.indent = 1;
  std::string text66 = to_json(nested(66, Value::integer(7)), one);
  EXPECT_NE(text66.find("\n" + std::string(64, ' ') + "[[7]]\n" + std::string(63, ' ') + "]"),
            std::string::npos);
}

TEST(DeepValues, SharedPartsAreNotWalkedTwiceWhenTheyAreTheSameObject) {
  // 2^64 leaves as a tree, 64 objects as a graph: a value equals (and orders equal to) itself
  // without a look inside.
  Value doubled = Value::integer(0);
  for (int i = 0; i < 64; ++i)
    doubled = Value::list(std::vector<Value>{doubled, doubled});
  Value copy = doubled;
  EXPECT_TRUE(doubled == copy);
  EXPECT_EQ(ops::compare(doubled, copy), 0);
  Value pair = Value::list(std::vector<Value>{doubled, doubled});
  Value same_pair = Value::list(std::vector<Value>{copy, doubled});
  EXPECT_TRUE(pair == same_pair);
}

TEST(DeepValues, HashesAreTheSameAsBeforeTheWalkWasIterative) {
  // Computed with the recursive implementation: hashes stay stable across versions.
  std::pair<std::string_view, Value> fields[] = {
      {"a", Value::integer(1)},
      {"b", Value::list(std::vector<Value>{Value::string("x"), Value::number(2.5), Value()})}};
  Value record = Value::record(fields);
  Value list = Value::list(
      std::vector<Value>{record, Value::list(std::vector<Value>{}), Value::boolean(true),
                         Value::list(std::vector<Value>{Value::integer(-7), Value::number(3.0)})});
  EXPECT_EQ(stable_hash(record), 8857759354324411687ULL);
  EXPECT_EQ(stable_hash(list), 2542353482570917888ULL);
  EXPECT_EQ(stable_hash(Value::record(std::span<const std::pair<std::string_view, Value>>())),
            6018027440424182931ULL);
  EXPECT_EQ(stable_hash(Value::list(std::vector<Value>{})), 13064056694810536062ULL);
}

TEST(JsonWrite, StopsAtMaxBytesForExcerpts) {
  JsonOptions excerpt;
  excerpt.max_bytes = 10;
  Value items = Value::list(std::vector<Value>(1000, Value::integer(12345)));
  std::string text = to_json(items, excerpt);
  EXPECT_GE(text.size(), 10u);
  EXPECT_LT(text.size(), 20u);
  EXPECT_EQ(text.substr(0, 10), "[12345, 12");
  EXPECT_EQ(to_json(Value::string(std::string(1000, 'a')), excerpt),
            "\"" + std::string(10, 'a') + "\"");
}

TEST(JsonWrite, CallsTheProgressCallbackWhichMayStopIt) {
  // 2^24 leaves written from 25 objects: the callback is how a stage stops such a value.
  Value doubled = Value::integer(0);
  for (int i = 0; i < 24; ++i)
    doubled = Value::list(std::vector<Value>{doubled, doubled});
  int calls = 0;
  JsonOptions options;
  options.on_progress = [&] {
    if (++calls == 3) throw std::runtime_error("stop");
  };
  EXPECT_THROW(to_json(doubled, options), std::runtime_error);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace plumb
