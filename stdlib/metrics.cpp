// metrics.counter / gauge / gauge_add / gauge_sub / observe: user metrics recorded through the
// runtime, which exports them beside its own. The first use of a name defines the metric (its
// kind, `help:` text and, for a histogram, `buckets:`); the runtime fails a later use that
// disagrees. Names and labels follow Prometheus rules and are checked here, so a bad one fails
// the node that wrote it rather than the exporter; keywords with a meaning of their own
// (`help`, `buckets`, `le`, `quantile`) are never labels, and the checker refuses them as
// labels at compile time.
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <utility>

namespace plumb::stdlib {

namespace {

// Histogram buckets given with `buckets:` (the implicit +Inf not counted).
constexpr std::size_t kMaxBuckets = 1000;

enum class Operation { Counter, Set, Add, Subtract, Observe };

MetricKind kind_of(Operation op) {
  switch (op) {
    case Operation::Counter:
      return MetricKind::Counter;
    case Operation::Observe:
      return MetricKind::Histogram;
    default:
      return MetricKind::Gauge;
  }
}

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

// Why `keyword` cannot be a label of a metric of kind `op`, or nothing. Label names are
// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus itself); `le` and
// `quantile` mean histogram buckets and summary quantiles to Prometheus; `buckets` configures
// a histogram only.
std::optional<std::string> keyword_problem(Operation op, std::string_view keyword) {
  if (keyword == "buckets" && op != Operation::Observe) {
    return "`buckets` applies to `metrics.observe` only; it is not a label";
  }
  if (keyword == "le") return "label `le` is reserved for histogram buckets";
  if (keyword == "quantile") return "label `quantile` is reserved for summary quantiles";
  bool valid = !keyword.empty() && !is_digit(keyword.front()) && !keyword.starts_with("__");
  for (char c : keyword)
    valid = valid && (is_alpha(c) || is_digit(c));
  if (!valid) {
    return "label `" + std::string(keyword) +
           "` is not a label name (letters, digits and `_`, not starting with a digit or `__`)";
  }
  return std::nullopt;
}

void check_name(const StageContext& ctx, std::string_view name) {
  if (!valid_metric_name(name)) {
    ctx.fail("argument `name`: " + quote(name) +
             " is not a metric name (letters, digits, `_` and `:`, not starting with a digit)");
  }
  if (name.starts_with("plumb_")) {
    ctx.fail("argument `name`: " + quote(name) +
             " starts with `plumb_`, which is reserved for plumb's own metrics");
  }
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

// The bucket upper bounds of `buckets:`: finite numbers in ascending order.
std::vector<double> bucket_bounds(const StageContext& ctx, const Value& buckets) {
  std::vector<double> bounds;
  if (buckets.is_null()) return bounds;
  if (!buckets.is_list()) {
    ctx.fail("argument `buckets` must be a list of numbers, not " +
             std::string(type_name(buckets)));
  }
  const auto items = buckets.as_list();
  if (items.empty()) ctx.fail("argument `buckets` needs at least one bound");
  if (items.size() > kMaxBuckets) {
    ctx.fail("argument `buckets` has " + std::to_string(items.size()) + " bounds; at most " +
             std::to_string(kMaxBuckets) + " are allowed");
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    if (!item.is_number()) {
      ctx.fail("argument `buckets`: item " + std::to_string(i) + " must be a number, not " +
               std::string(type_name(item)));
    }
    const double bound = item.as_number();
    if (!std::isfinite(bound)) {
      ctx.fail("argument `buckets`: item " + std::to_string(i) +
               " must be finite (the +Inf bucket is always there)");
    }
    if (!bounds.empty() && bound <= bounds.back()) {
      ctx.fail("argument `buckets` must ascend strictly: item " + std::to_string(i) + " (" +
               label_text(ctx, "buckets", item) + ") does not follow " +
               label_text(ctx, "buckets", items[i - 1]));
    }
    bounds.push_back(bound);
  }
  return bounds;
}

// Checks a parameter or a label: at run time on every call, and in the checker on constants.
void check_argument(const StageContext& ctx, Operation op, std::string_view name,
                    const Value& value) {
  if (name == "name") {
    if (value.is_str()) check_name(ctx, value.as_str());
  } else if (name == "buckets" && op == Operation::Observe) {
    bucket_bounds(ctx, value);
  } else if (name != "value" && name != "help") {
    if (auto problem = keyword_problem(op, name)) ctx.fail(*problem);
    label_text(ctx, name, value);
  }
}

Value record(StageContext& ctx, Operation op) {
  MetricRecord metric;
  metric.kind = kind_of(op);
  metric.name = std::string(ctx.str_arg("name"));
  check_name(ctx, metric.name);
  metric.value = ctx.float_arg("value");
  if (!std::isfinite(metric.value)) ctx.fail("argument `value` must be a finite number");
  if (op == Operation::Counter && metric.value < 0) {
    ctx.fail("argument `value` must not be negative for a counter, got " +
             label_text(ctx, "value", ctx.arg("value")));
  }
  metric.add = op == Operation::Add || op == Operation::Subtract;
  if (op == Operation::Subtract) metric.value = -metric.value;
  if (!ctx.arg("help").is_null()) metric.help = std::string(ctx.str_arg("help"));
  if (op == Operation::Observe) metric.bounds = bucket_bounds(ctx, ctx.arg("buckets"));
  for (const auto& [label, label_value] : ctx.extra_args()) {
    check_argument(ctx, op, label, label_value);
    for (const auto& seen : metric.labels) {
      if (seen.first == label) ctx.fail("label `" + label + "` is given twice");
    }
    metric.labels.emplace_back(label, label_text(ctx, label, label_value));
  }
  ctx.record_metric(metric);
  return Value();
}

void add(StageRegistry& registry, const char* name, Operation op, const char* value_doc,
         const char* summary) {
  StageSignature signature;
  signature.name = name;
  signature.params = {
      {"name", Type::string(), std::nullopt, "metric name (Prometheus rules, not `plumb_*`)"},
      {"value", Type::number(), std::nullopt, value_doc},
  };
  if (op == Operation::Observe) {
    signature.params.push_back(
        {"buckets", Type::nullable(Type::list(Type::number())), Value(),
         "bucket upper bounds, ascending, on first use (default: 0.0005 to 300, for seconds)"});
  }
  signature.params.push_back(
      {"help", Type::nullable(Type::string()), Value(), "the metric's HELP text, on first use"});
  signature.extra_keywords = "labels";
  signature.result = Type::null();
  signature.purity = Purity::Volatile;
  signature.blocking = false;  // updates the registry in memory
  signature.version = "1";
  signature.summary = summary;
  StageDef def{std::move(signature), [op](StageContext& ctx) { return record(ctx, op); }, {}, {}};
  def.check_constant =
      constant_check(name, [op](const StageContext& ctx, std::string_view param,
                                const Value& value) { check_argument(ctx, op, param, value); });
  def.check_keyword = [op](std::string_view keyword) { return keyword_problem(op, keyword); };
  registry.add(std::move(def));
}

}  // namespace

void register_metrics(StageRegistry& registry) {
  add(registry, "metrics.counter", Operation::Counter, "amount to add (not negative)",
      "adds to a user counter; keyword arguments are labels (not `le`, `quantile`)");
  add(registry, "metrics.gauge", Operation::Set, "the current value",
      "sets a user gauge; keyword arguments are labels (not `le`, `quantile`)");
  add(registry, "metrics.gauge_add", Operation::Add, "amount to add (negative: subtract)",
      "adds to a user gauge; keyword arguments are labels (not `le`, `quantile`)");
  add(registry, "metrics.gauge_sub", Operation::Subtract, "amount to subtract",
      "subtracts from a user gauge; keyword arguments are labels (not `le`, `quantile`)");
  add(registry, "metrics.observe", Operation::Observe, "one observation",
      "records an observation in a user histogram; keyword arguments are labels (not `le`, "
      "`quantile`)");
}

}  // namespace plumb::stdlib
