// metrics.counter / metrics.gauge / metrics.observe: user metrics recorded through the runtime,
// which exports them beside its own. Names follow Prometheus rules and are checked here, so a
// bad name fails the node that wrote it rather than the exporter.
#include "stdlib/stdlib.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

namespace plumb::stdlib {

namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `[a-zA-Z_:][a-zA-Z0-9_:]*`
bool valid_metric_name(std::string_view name) {
  if (name.empty() || is_digit(name.front())) return false;
  for (char c : name) {
    if (!is_alpha(c) && !is_digit(c) && c != ':') return false;
  }
  return true;
}

// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus itself).
bool valid_label_name(std::string_view name) {
  if (name.empty() || is_digit(name.front()) || name.starts_with("__")) return false;
  for (char c : name) {
    if (!is_alpha(c) && !is_digit(c)) return false;
  }
  return true;
}

// The text of a label value as `str(x)` gives it; lists, records and null are refused.
std::string label_text(const StageContext& ctx, std::string_view name, const Value& value) {
  switch (value.kind()) {
    case ValueKind::Str:
      return std::string(value.as_str());
    case ValueKind::Bool:
      return value.as_bool() ? "true" : "false";
    case ValueKind::Int:
      return std::to_string(value.as_int());
    case ValueKind::Float: {
      std::array<char, 32> buffer{};
      auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.as_float()).ptr;
      std::string text(buffer.data(), end);
      if (text.find_first_of(".eEni") == std::string::npos) text += ".0";
      return text;
    }
    default:
      ctx.fail("label `" + std::string(name) + "` must be a str, int, float or bool, not " +
               std::string(type_name(value)));
  }
}

Value record(StageContext& ctx, MetricKind kind) {
  std::string_view name = ctx.str_arg("name");
  if (!valid_metric_name(name)) {
    ctx.fail("argument `name`: \"" + std::string(name) +
             "\" is not a metric name (letters, digits, `_` and `:`, not starting with a digit)");
  }
  double value = ctx.float_arg("value");
  if (!std::isfinite(value)) ctx.fail("argument `value` must be a finite number");
  if (kind == MetricKind::Counter && value < 0) {
    ctx.fail("argument `value` must not be negative for a counter, got " +
             label_text(ctx, "value", ctx.arg("value")));
  }
  Labels labels;
  for (const auto& [label, label_value] : ctx.extra_args()) {
    if (!valid_label_name(label)) {
      ctx.fail(
          "label `" + label +
          "` is not a label name (letters, digits and `_`, not starting with a digit or `__`)");
    }
    if (kind == MetricKind::Histogram && label == "le") {
      ctx.fail("label `le` is reserved for histogram buckets");
    }
    for (const auto& seen : labels) {
      if (seen.first == label) ctx.fail("label `" + label + "` is given twice");
    }
    labels.emplace_back(label, label_text(ctx, label, label_value));
  }
  ctx.record_metric(kind, name, value, labels);
  return Value();
}

void add(StageRegistry& registry, const char* name, MetricKind kind, const char* value_doc,
         const char* summary) {
  StageSignature signature;
  signature.name = name;
  signature.params = {
      {"name", Type::string(), std::nullopt, "metric name (Prometheus rules)"},
      {"value", Type::number(), std::nullopt, value_doc},
  };
  signature.extra_keywords = "labels";
  signature.result = Type::null();
  signature.purity = Purity::Volatile;
  signature.blocking = false;  // updates the registry in memory
  signature.version = "1";
  signature.summary = summary;
  registry.add({std::move(signature), [kind](StageContext& ctx) { return record(ctx, kind); }, {}});
}

}  // namespace

void register_metrics(StageRegistry& registry) {
  add(registry, "metrics.counter", MetricKind::Counter, "amount to add (not negative)",
      "adds to a user counter; keyword arguments are labels");
  add(registry, "metrics.gauge", MetricKind::Gauge, "the current value",
      "sets a user gauge; keyword arguments are labels");
  add(registry, "metrics.observe", MetricKind::Histogram, "one observation",
      "records an observation in a user histogram; keyword arguments are labels");
}

}  // namespace plumb::stdlib
