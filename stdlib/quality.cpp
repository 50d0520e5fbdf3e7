// quality.check: data-quality rules over a list of records. Rules per field: "not_null",
// "unique", {min: x}, {max: y}, {min: x, max: y} (ordered with the language's comparison, so
// numbers or strings) and {regex: "..."} (RE2 syntax as in text.regex_*, matching anywhere;
// anchor with ^ and $; a value that is not a str fails it).
// Every (row, rule) pair is one check, except that null or missing values are only checked by
// "not_null" (other rules skip them, as SQL constraints do). The result is
// {score, checks, failed, failures}: score = passed / checks (1.0 with no checks), failures
// the first 100 failed checks as {row, field, rule, value}. The score is also recorded as the
// gauge `plumb_quality_score`.
#include "stdlib/regex_support.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"

#include "base/value/ops.hpp"

#include <plumb/error.hpp>
#include <plumb/json.hpp>

#include <memory>
#include <optional>
#include <unordered_set>

namespace plumb::stdlib {

namespace {

constexpr std::size_t kMaxFailures = 100;

enum class RuleKind { NotNull, Unique, Range, Regex };

struct ValueHash {
  std::size_t operator()(const Value& v) const { return static_cast<std::size_t>(stable_hash(v)); }
};

struct Rule {
  std::string field;
  RuleKind kind;
  Value spec;  // the rule as written, reported in failures
  std::optional<Value> min;
  std::optional<Value> max;
  std::shared_ptr<const re2::RE2> regex;
  std::unordered_set<Value, ValueHash> seen;  // for unique
};

[[noreturn]] void bad_rule(const StageContext& ctx, std::string_view field, const Value& spec,
                           const std::string& problem) {
  ctx.fail("argument `rules`: field " + quote(field) + ": " + problem + " " + to_json(spec) +
           " (expected \"not_null\", \"unique\", {min:, max:} or {regex:})");
}

Rule parse_rule(const StageContext& ctx, std::string_view field, const Value& spec) {
  Rule rule{std::string(field), RuleKind::NotNull, spec, {}, {}, {}, {}};
  if (spec.is_str()) {
    if (spec.as_str() == "not_null") return rule;
    if (spec.as_str() == "unique") {
      rule.kind = RuleKind::Unique;
      return rule;
    }
    bad_rule(ctx, field, spec, "unknown rule");
  }
  if (!spec.is_record() || spec.shape().size() == 0) bad_rule(ctx, field, spec, "unknown rule");
  ShapeView keys = spec.shape();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::string_view key = keys.key(i);
    const Value& arg = spec.field_values()[i];
    if (key == "min" || key == "max") {
      rule.kind = RuleKind::Range;
      (key == "min" ? rule.min : rule.max) = arg;
    } else if (key == "regex" && keys.size() == 1 && arg.is_str()) {
      rule.kind = RuleKind::Regex;
      try {
        rule.regex = compile_regex(arg.as_str());
      } catch (const RegexError& e) {
        ctx.fail("argument `rules`: field " + quote(field) + ": " + e.what());
      }
    } else {
      bad_rule(ctx, field, spec, "unknown rule");
    }
  }
  return rule;
}

std::vector<Rule> parse_rules(const StageContext& ctx, const Value& rules) {
  std::vector<Rule> out;
  ShapeView fields = rules.shape();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const Value& spec = rules.field_values()[i];
    if (spec.is_list()) {
      for (const Value& one : spec.as_list())
        out.push_back(parse_rule(ctx, fields.key(i), one));
    } else {
      out.push_back(parse_rule(ctx, fields.key(i), spec));
    }
  }
  return out;
}

void check_rules(const StageContext& ctx, const Value& rules) {
  if (rules.is_record()) parse_rules(ctx, rules);
}

// Whether `value` (not null) passes `rule`; values that cannot be compared fail.
bool passes(Rule& rule, const Value& value) {
  switch (rule.kind) {
    case RuleKind::NotNull:
      return true;
    case RuleKind::Unique:
      return rule.seen.insert(value).second;
    case RuleKind::Range:
      try {
        if (rule.min && ops::compare(value, *rule.min) < 0) return false;
        if (rule.max && ops::compare(value, *rule.max) > 0) return false;
        return true;
      } catch (const ValueError&) {
        return false;
      }
    case RuleKind::Regex:
      return value.is_str() && matches_anywhere(*rule.regex, value.as_str());
  }
  return false;
}

Value run_check(StageContext& ctx) {
  std::span<const Value> rows = ctx.list_arg("rows");
  std::vector<Rule> rules = parse_rules(ctx, ctx.record_arg("rules"));
  static const std::string_view kKeys[] = {"row", "field", "rule", "value"};
  static const Shape failure_shape{std::span<const std::string_view>(kKeys)};
  std::int64_t checks = 0, failed = 0, clean_rows = 0;
  std::vector<Value> failures;
  CancellationCheck cancellation(ctx);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    cancellation.tick();
    const Value& row = record_item(ctx, "rows", rows, r);
    bool clean = true;
    for (Rule& rule : rules) {
      const Value* field = row.find_field(rule.field);
      bool missing = field == nullptr || field->is_null();
      if (missing && rule.kind != RuleKind::NotNull) continue;
      ++checks;
      if (!missing && passes(rule, *field)) continue;
      ++failed;
      clean = false;
      if (failures.size() < kMaxFailures) {
        failures.push_back(Value::record(
            failure_shape,
            std::vector<Value>{Value::integer(static_cast<std::int64_t>(r)),
                               Value::string(rule.field), rule.spec, field ? *field : Value()}));
      }
    }
    clean_rows += clean ? 1 : 0;
  }
  double score =
      checks == 0 ? 1.0 : static_cast<double>(checks - failed) / static_cast<double>(checks);
  MetricRecord metric;
  metric.kind = MetricKind::Gauge;
  metric.name = "plumb_quality_score";
  metric.value = score;
  metric.help = "Share of passed checks of the last quality.check.";
  ctx.record_metric(metric);
  ctx.set_attribute("plumb.quality.score", Value::number(score));
  ctx.items(static_cast<std::int64_t>(rows.size()), clean_rows);
  return make_record({{"score", Value::number(score)},
                      {"checks", Value::integer(checks)},
                      {"failed", Value::integer(failed)},
                      {"failures", Value::list(std::move(failures))}});
}

}  // namespace

void register_quality(StageRegistry& registry) {
  registry.add(make_stage(
      "quality.check",
      {required("rows", Type::list(Type::any()), "list of records"),
       required("rules", Type::record(),
                "field -> rule or [rules]: \"not_null\", \"unique\", {min:, max:}, {regex:}")},
      Type::record(), Purity::Pure,
      "check rules per field; returns {score, checks, failed, failures} (first 100 failures) "
      "and records the score as a gauge",
      run_check, constant_checks("quality.check", {{"rules", check_rules}})));
}

}  // namespace plumb::stdlib
