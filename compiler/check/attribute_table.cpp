// The attributes of the language, one entry each: name, where it applies, the checker of its
// arguments and its reference text (docs/language.md §7 is generated from this table by
// `plumb attributes --markdown`). A checker reports what is wrong with the arguments and
// sets the fields of NodeAttributes that lowering carries to the node.
#include <set>

#include "compiler/check/attribute_table.hpp"
#include "compiler/check/constant.hpp"

namespace plumb::check {

namespace {

void check_retry(AttributeArgs& args, NodeAttributes& out) {
  auto named = args.named({"attempts", "backoff"});
  if (!named) return;
  RetryPolicy policy;
  bool ok = true;
  for (const auto& [key, arg] : *named) {
    if (key == "attempts") {
      auto value = constant_value(*arg->value);
      if (!value || !value->is_int() || value->as_int() < 1 || value->as_int() > 100) {
        args.invalid(arg->value->loc, "`attempts` must be a constant `int` from 1 to 100");
        ok = false;
      } else {
        policy.attempts = value->as_int();
      }
    } else if (key == "backoff" || key == "max_backoff") {
      auto seconds = args.number(*arg, 0, true, 3600);
      ok = ok && seconds;
      if (seconds) (key == "backoff" ? policy.backoff : policy.max_backoff) = *seconds;
    } else {
      args.unknown_argument(*arg, key, {"attempts", "backoff", "max_backoff"});
      ok = false;
    }
  }
  if (ok) out.retry = policy;
}

void check_timeout(AttributeArgs& args, NodeAttributes& out) {
  auto named = args.named({"seconds"});
  if (!named) return;
  if (named->size() != 1 || (*named)[0].first != "seconds") {
    args.invalid(args.attr().loc, "needs one duration, such as `@timeout(10s)`");
    return;
  }
  if (auto seconds = args.number(*(*named)[0].second, 0, false, 7 * 24 * 3600))
    out.timeout = *seconds;
}

void check_cache(AttributeArgs& args, NodeAttributes& out) {
  if (!args.attr().args.empty()) {
    args.invalid(args.attr().args[0].loc, "takes no arguments");
    return;
  }
  if (args.statement_value().effect == Purity::Effect) {
    args.misplaced(
        "calls without effects; this one changes the outside world, so reusing an old result "
        "would skip the change");
    return;
  }
  out.cache = true;
}

// Label names Prometheus gives a meaning of its own (histogram buckets, summary quantiles).
// Other keys, `stage` included, are the user's: spans carry plumb's own facts under `plumb.*`
// and labels go on user metrics, whose own labels take precedence.
const std::set<std::string> kReservedLabels = {"le", "quantile"};

void check_label(AttributeArgs& args, NodeAttributes& out) {
  if (args.attr().args.empty()) {
    args.invalid(args.attr().loc, "needs at least one `key: value`");
    return;
  }
  for (const ast::Arg& arg : args.attr().args) {
    auto value = constant_value(*arg.value);
    if (arg.keyword.empty()) {
      args.invalid(arg.loc, "takes `key: value` arguments only");
    } else if (kReservedLabels.count(arg.keyword)) {
      args.invalid(arg.loc, "label " + diag::code(arg.keyword) + " is reserved by Prometheus");
    } else if (!value || !(value->is_str() || value->is_number() || value->is_bool())) {
      args.invalid(arg.value->loc, "label values must be constant strings, numbers or bools");
    } else {
      std::string text = value->is_str()    ? std::string(value->as_str())
                         : value->is_bool() ? (value->as_bool() ? "true" : "false")
                         : value->is_int()  ? std::to_string(value->as_int())
                                            : std::to_string(value->as_float());
      out.labels.emplace_back(arg.keyword, std::move(text));
    }
  }
}

void check_trace(AttributeArgs& args, NodeAttributes& out) {
  auto named = args.named({});
  if (!named) return;
  TracePolicy policy;
  bool ok = true;
  for (const auto& [key, arg] : *named) {
    auto value = constant_value(*arg->value);
    if (key == "items") {
      std::string mode = value && value->is_str() ? std::string(value->as_str()) : "";
      if (mode == "none")
        policy.items = ItemSpans::None;
      else if (mode == "all")
        policy.items = ItemSpans::All;
      else if (mode == "sample")
        policy.items = ItemSpans::Sample;
      else {
        args.invalid(arg->value->loc, "`items` must be \"none\", \"all\" or \"sample\"");
        ok = false;
      }
    } else if (key == "rate") {
      auto rate = args.number(*arg, 0, false, 1);
      ok = ok && rate;
      if (rate) policy.rate = *rate;
    } else if (key == "limit") {
      if (!value || !value->is_int() || value->as_int() < 0) {
        args.invalid(arg->value->loc, "`limit` must be a constant non-negative `int`");
        ok = false;
      } else {
        policy.limit = value->as_int();
      }
    } else {
      args.unknown_argument(*arg, key, {"items", "rate", "limit"});
      ok = false;
    }
  }
  if (ok) out.trace = policy;
}

void check_span(AttributeArgs& args, NodeAttributes& out) {
  auto named = args.named({"name"});
  if (!named) return;
  if (named->size() != 1 || (*named)[0].first != "name") {
    args.invalid(args.attr().loc, "needs one name, such as `@span(\"load customers\")`");
    return;
  }
  const ast::Arg& arg = *(*named)[0].second;
  auto value = constant_value(*arg.value);
  if (!value || !value->is_str() || value->as_str().empty()) {
    args.invalid(arg.value->loc, "needs a constant, non-empty string");
    return;
  }
  out.span_name = std::string(value->as_str());
}

using enum Shape;

}  // namespace

const std::vector<AttributeDef>& attribute_table() {
  static const std::vector<AttributeDef> table = {
      {"retry",
       "@retry(attempts, backoff)",
       {StageCall, PipelineCall, Iteration},
       "`attempts`: `int` 1–100 (default 3), `backoff`: seconds 0–3600 before the second "
       "attempt, doubling (default `200ms`), `max_backoff`: cap of one wait (default `30s`)",
       "",
       check_retry},
      {"timeout",
       "@timeout(DURATION)",
       {StageCall, PipelineCall, Iteration, Loop},
       "one duration > 0 and at most 7 days (`seconds:` as a keyword)",
       "",
       check_timeout},
      {"cache",
       "@cache",
       {StageCall, PipelineCall},
       "none",
       "`@cache` reuses the result of an earlier call with identical arguments within the engine\n"
       "(docs/runtime.md); on a call with effects it is refused, since reusing an old result "
       "would\n"
       "skip the change.",
       check_cache},
      {"label",
       "@label(key: value, ...)",
       {StageCall, PipelineCall, Iteration, Loop, Branch, Expression},
       "constant strings, numbers or bools; keys `le` and `quantile` are reserved (Prometheus "
       "gives them a meaning)",
       "`@label` values become span attributes under their own key (`stage=\"extract\"`, beside\n"
       "plumb's own `plumb.stage`) and labels of the user metrics (`metrics.*`) recorded by the "
       "node\nand, on a `map`, `filter`, `if`, loop or nested pipeline call, by every node "
       "inside it (in the\ncalled pipeline too). Of two labels with one name, the closest "
       "wins: the one the `metrics.*`\ncall sets itself, then its node's `@label`, then those "
       "of the nodes around it from the\ninnermost out.",
       check_label},
      {"trace",
       "@trace(items:, rate:, limit:)",
       {Iteration, PipelineCall},
       "`items`: `\"none\"`, `\"all\"` or `\"sample\"`; `rate`: in (0, 1]; `limit`: `int` ≥ 0",
       "`@trace` on a `map` or `filter` decides which items get spans (and spans for the nodes "
       "inside\nthem): by default every item up to `limit` (1,000), then a share `rate` (1%); "
       "`\"all\"`,\n`\"none\"`, or `\"sample\"` (each item with probability `rate`). On a "
       "nested pipeline call it\ndecides the same way, per call of that statement in the run, "
       "whether the called pipeline's\nnodes get spans; the call keeps its own span. "
       "`@trace(items: \"none\")` on a call turns tracing\noff for one sub-pipeline.",
       check_trace},
      {"span",
       "@span(NAME)",
       {StageCall, PipelineCall, Iteration, Branch, Loop},
       "one non-empty constant string (`name:` as a keyword)",
       "",
       check_span},
  };
  return table;
}

const AttributeDef* find_attribute(std::string_view name) {
  for (const AttributeDef& def : attribute_table())
    if (def.name == name) return &def;
  return nullptr;
}

std::vector<std::string> attribute_names() {
  std::vector<std::string> names;
  for (const AttributeDef& def : attribute_table())
    names.emplace_back(def.name);
  return names;
}

}  // namespace plumb::check
