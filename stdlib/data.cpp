// data.* stages over lists of records: counting, grouping, sorting, de-duplication, joins,
// truncation and summary statistics. Row numbers in messages are 0-based, as in `rows[i]`.
#include "stdlib/arguments.hpp"
#include "stdlib/cancellation.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include "base/value/ops.hpp"
#include "base/value/value_hash.hpp"

#include <plumb/error.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace plumb::stdlib {

namespace {

// Values as hash keys: ValueHash and deep equality (1 and 1.0 are the same key).
using ValueIndex = std::unordered_map<Value, std::size_t, ValueHash>;

// Record keys in first-seen order for count_by and group_by (grouping values as text).
class Groups {
 public:
  std::size_t slot(const Value& key) {
    std::string text = ops::to_text(key);
    auto [it, added] = index_.emplace(std::move(text), keys_.size());
    if (added) keys_.push_back(it->first);
    return it->second;
  }
  std::size_t size() const { return keys_.size(); }
  Value record(std::vector<Value>&& values) const {
    return Value::record(Shape(std::span<const std::string>(keys_)), std::move(values));
  }

 private:
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<std::string> keys_;
};

Value run_count_by(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  std::string_view key = ctx.str_arg("key");
  Groups groups;
  std::vector<std::int64_t> counts;
  CancellationCheck cancellation(ctx);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    cancellation.tick();
    std::size_t slot = groups.slot(row_field(ctx, "rows", rows, i, key));
    if (slot == counts.size()) counts.push_back(0);
    ++counts[slot];
  }
  std::vector<Value> values;
  for (std::int64_t c : counts)
    values.push_back(Value::integer(c));
  ctx.items(static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(groups.size()));
  return groups.record(std::move(values));
}

Value run_group_by(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  std::string_view key = ctx.str_arg("key");
  Groups groups;
  std::vector<std::vector<Value>> members;
  CancellationCheck cancellation(ctx);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    cancellation.tick();
    std::size_t slot = groups.slot(row_field(ctx, "rows", rows, i, key));
    if (slot == members.size()) members.emplace_back();
    members[slot].push_back(rows[i]);
  }
  std::vector<Value> values;
  for (auto& m : members)
    values.push_back(Value::list(std::move(m)));
  ctx.items(static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(groups.size()));
  return groups.record(std::move(values));
}

Value run_sort_by(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  std::string_view key = ctx.str_arg("key");
  bool desc = ctx.bool_arg("desc");
  std::vector<std::pair<Value, std::size_t>> keyed;
  keyed.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    keyed.emplace_back(row_field(ctx, "rows", rows, i, key), i);
  }
  CancellationCheck cancellation(ctx);
  try {
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      cancellation.tick();
      int order = ops::compare(a.first, b.first);
      return desc ? order > 0 : order < 0;
    });
  } catch (const ValueError& e) {
    ctx.fail("cannot sort by " + quote(key) + ": " + e.what());
  }
  std::vector<Value> out;
  out.reserve(rows.size());
  for (const auto& [value, index] : keyed)
    out.push_back(rows[index]);
  ctx.items(static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

Value run_dedupe(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  const Value& key = ctx.arg("key");
  if (!key.is_null() && !key.is_str()) {
    ctx.fail("argument `key` must be a str or null, not " + std::string(type_name(key)));
  }
  ValueIndex seen;
  std::vector<Value> out;
  CancellationCheck cancellation(ctx);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    cancellation.tick();
    const Value& identity = key.is_null() ? rows[i] : row_field(ctx, "rows", rows, i, key.as_str());
    if (seen.emplace(identity, i).second) out.push_back(rows[i]);
  }
  ctx.items(static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

// Left fields, then the right fields the left row does not have.
Value merge(const Value& left, const Value& right) {
  std::vector<std::pair<std::string_view, Value>> fields;
  ShapeView ls = left.shape();
  ShapeView rs = right.shape();
  fields.reserve(ls.size() + rs.size());
  for (std::size_t i = 0; i < ls.size(); ++i)
    fields.emplace_back(ls.key(i), left.field_values()[i]);
  for (std::size_t i = 0; i < rs.size(); ++i) {
    if (!ls.index_of(rs.key(i))) fields.emplace_back(rs.key(i), right.field_values()[i]);
  }
  return Value::record(fields);
}

void check_how(const StageContext& ctx, const Value& how) {
  if (how.is_str() && how.as_str() != "inner" && how.as_str() != "left") {
    ctx.fail("argument `how` must be \"inner\" or \"left\", not " + quote(how.as_str()));
  }
}

Value run_join(StageContext& ctx) {
  std::span<const Value> left = ctx.list_arg("left");
  std::span<const Value> right = ctx.list_arg("right");
  std::string_view on = ctx.str_arg("on");
  std::string_view how = ctx.str_arg("how");
  check_how(ctx, ctx.arg("how"));
  // Right rows by key, each key's rows in their order.
  ValueIndex index;
  std::vector<std::vector<std::size_t>> matches;
  CancellationCheck cancellation(ctx);
  for (std::size_t j = 0; j < right.size(); ++j) {
    cancellation.tick();
    auto [it, added] = index.emplace(row_field(ctx, "right", right, j, on), matches.size());
    if (added) matches.emplace_back();
    matches[it->second].push_back(j);
  }
  // An unmatched left row of a left join gets the right side's fields as null.
  Value null_right;
  if (how == "left" && !right.empty()) {
    ShapeView rs = right[0].shape();
    std::vector<std::pair<std::string_view, Value>> fields;
    for (std::size_t i = 0; i < rs.size(); ++i)
      fields.emplace_back(rs.key(i), Value());
    null_right = Value::record(fields);
  }
  // Every left row with every right row of its key: many rows may share a key, so the output
  // can be as large as the product of the inputs.
  std::vector<Value> out;
  for (std::size_t i = 0; i < left.size(); ++i) {
    cancellation.tick();
    auto it = index.find(row_field(ctx, "left", left, i, on));
    if (it != index.end()) {
      for (std::size_t j : matches[it->second]) {
        cancellation.tick();
        out.push_back(merge(left[i], right[j]));
      }
    } else if (how == "left") {
      out.push_back(null_right.is_record() ? merge(left[i], null_right) : left[i]);
    }
  }
  ctx.items(static_cast<std::int64_t>(left.size() + right.size()),
            static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

void check_n(const StageContext& ctx, const Value& n) {
  if (n.is_int() && n.as_int() < 0) {
    ctx.fail("argument `n` must be >= 0, not " + std::to_string(n.as_int()));
  }
}

Value run_take(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  std::int64_t n = ctx.int_arg("n");
  check_n(ctx, ctx.arg("n"));
  std::size_t count = std::min(rows.size(), static_cast<std::size_t>(n));
  ctx.items(static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(count));
  return Value::list(rows.subspan(0, count));
}

// Linear interpolation between the closest ranks of sorted `xs` (weighted, where the
// difference of the two would overflow).
double percentile(const std::vector<double>& xs, double p) {
  double rank = p / 100.0 * static_cast<double>(xs.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  std::size_t hi = std::min(lo + 1, xs.size() - 1);
  double fraction = rank - static_cast<double>(lo);
  double value = xs[lo] + (xs[hi] - xs[lo]) * fraction;
  return std::isfinite(value) ? value : xs[lo] * (1 - fraction) + xs[hi] * fraction;
}

// The mean of finite numbers, finite even when their sum is not.
double mean_of(const std::vector<double>& xs, double sum) {
  const auto count = static_cast<double>(xs.size());
  if (std::isfinite(sum)) return sum / count;
  double mean = 0;
  for (double x : xs)
    mean += x / count;
  return mean;
}

Value run_stats(StageContext& ctx) {
  std::span<const Value> xs = ctx.list_arg("xs");
  if (xs.empty()) ctx.fail("argument `xs` must not be empty");
  std::vector<double> sorted;
  sorted.reserve(xs.size());
  std::size_t min_at = 0, max_at = 0;
  double sum = 0;
  CancellationCheck cancellation(ctx);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    cancellation.tick();
    if (!xs[i].is_number()) {
      ctx.fail("argument `xs`: item " + std::to_string(i) + " must be a number, not " +
               std::string(type_name(xs[i])));
    }
    double x = xs[i].as_number();
    if (x < xs[min_at].as_number()) min_at = i;
    if (x > xs[max_at].as_number()) max_at = i;
    sum += x;
    sorted.push_back(x);
  }
  std::sort(sorted.begin(), sorted.end());
  ctx.items(static_cast<std::int64_t>(xs.size()), 1);
  return make_record({{"count", Value::integer(static_cast<std::int64_t>(xs.size()))},
                      {"mean", Value::number(mean_of(sorted, sum))},
                      {"min", xs[min_at]},
                      {"max", xs[max_at]},
                      {"p50", Value::number(percentile(sorted, 50))},
                      {"p95", Value::number(percentile(sorted, 95))},
                      {"p99", Value::number(percentile(sorted, 99))}});
}

}  // namespace

void register_data(StageRegistry& registry) {
  Param rows = required("rows", Type::list(Type::any()), "list of records");
  Param key = required("key", Type::string(), "field name");
  registry.add(make_stage("data.count_by", {rows, key}, Type::record(), Purity::Pure,
                          "{value: count} per distinct value of the field (as text), in "
                          "first-seen order",
                          run_count_by));
  registry.add(make_stage("data.group_by", {rows, key}, Type::record(), Purity::Pure,
                          "{value: [rows]} per distinct value of the field (as text), in "
                          "first-seen order",
                          run_group_by));
  registry.add(make_stage(
      "data.sort_by",
      {rows, key, optional("desc", Type::boolean(), Value::boolean(false), "descending")},
      Type::list(Type::any()), Purity::Pure, "rows sorted by a field (stable)", run_sort_by));
  registry.add(make_stage("data.dedupe",
                          {rows, optional("key", Type::nullable(Type::string()), Value(),
                                          "field that identifies a row (null: the whole row)")},
                          Type::list(Type::any()), Purity::Pure,
                          "rows without duplicates, keeping the first", run_dedupe));
  registry.add(
      make_stage("data.join",
                 {required("left", Type::list(Type::any()), "list of records"),
                  required("right", Type::list(Type::any()), "list of records"),
                  required("on", Type::string(), "field both sides share"),
                  optional("how", Type::string(), Value::string("inner"), "\"inner\" or \"left\"")},
                 Type::list(Type::record()), Purity::Pure,
                 "hash join: left fields, then right fields the left row lacks; a left join keeps "
                 "unmatched left rows with the right fields null",
                 run_join, constant_checks("data.join", {{"how", check_how}})));
  registry.add(make_stage("data.take",
                          {required("rows", Type::list(Type::any()), "a list"),
                           required("n", Type::integer(), "how many")},
                          Type::list(Type::any()), Purity::Pure, "the first n items", run_take,
                          constant_checks("data.take", {{"n", check_n}})));
  registry.add(make_stage("data.stats", {required("xs", Type::list(Type::number()), "numbers")},
                          Type::record(), Purity::Pure,
                          "{count, mean, min, max, p50, p95, p99} (percentiles interpolated)",
                          run_stats));
}

}  // namespace plumb::stdlib
