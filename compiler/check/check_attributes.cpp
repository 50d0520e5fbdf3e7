// Attribute checking: `@retry(attempts, backoff)`, `@timeout(duration)`, `@cache`,
// `@label(key: value, ...)`, `@trace(items:, rate:, limit:)` and `@span(name)`. Each is
// validated (constant arguments of the right type and range, a statement it can tune) and
// stored in the statement's NodeAttributes for lowering.
#include <set>

#include "compiler/check/checker.hpp"
#include "compiler/check/constant.hpp"
#include "compiler/check/suggest.hpp"

namespace plumb::check {

namespace {

// What kind of node a statement becomes, for deciding which attributes fit it.
enum class Shape { StageCall, PipelineCall, Iteration, Loop, Branch, Expression, None };

// The value of a binding or expression statement.
const ast::Expr& statement_value(const ast::Stmt& stmt) {
  return stmt.kind == ast::StmtKind::Bind ? *stmt.as<ast::BindStmt>().value
                                          : *stmt.as<ast::ExprStmt>().expr;
}

Shape shape_of(const ast::Stmt& stmt) {
  switch (stmt.kind) {
    case ast::StmtKind::If:
      return Shape::Branch;
    case ast::StmtKind::For:
    case ast::StmtKind::While:
      return Shape::Loop;
    case ast::StmtKind::Yield:
    case ast::StmtKind::Return:
      return Shape::None;
    default:
      break;
  }
  const ast::Expr* value = &statement_value(stmt);
  if (value->kind == ast::ExprKind::Map || value->kind == ast::ExprKind::Filter) {
    return Shape::Iteration;
  }
  if (value->kind == ast::ExprKind::Call) {
    auto target = value->as<ast::CallExpr>().target;
    if (target == ast::CallTargetKind::Stage) return Shape::StageCall;
    if (target == ast::CallTargetKind::Pipeline) return Shape::PipelineCall;
  }
  return Shape::Expression;
}

const std::vector<std::string> kAttributes = {"retry", "timeout", "cache",
                                              "label", "trace",   "span"};
// Label names Prometheus gives a meaning of its own (histogram buckets, summary quantiles).
// Other keys, `stage` included, are the user's: spans carry plumb's own facts under `plumb.*`
// and labels go on user metrics, whose own labels take precedence.
const std::set<std::string> kReservedLabels = {"le", "quantile"};

}  // namespace

void PipelineChecker::attributes(ast::Stmt& stmt) {
  NodeAttributes& out = stmt.node_attributes;
  out = NodeAttributes{};
  if (stmt.attributes.empty()) return;
  Shape shape = shape_of(stmt);
  std::set<std::string> seen;
  for (ast::Attribute& attr : stmt.attributes) {
    // An argument already in error (a malformed literal, say) was reported: validating the
    // attribute further would only repeat that mistake.
    bool poisoned = false;
    for (ast::Arg& arg : attr.args)
      poisoned = expr(*arg.value).is_error() || poisoned;
    auto invalid = [&](diag::Loc loc, const std::string& message) {
      report(diag::Kind::InvalidAttribute, loc, diag::code("@" + attr.name) + " " + message);
    };
    auto misplaced = [&](const std::string& fits) {
      report(diag::Kind::MisplacedAttribute, attr.loc,
             diag::code("@" + attr.name) + " applies to " + fits);
    };
    if (std::find(kAttributes.begin(), kAttributes.end(), attr.name) == kAttributes.end()) {
      auto best = closest(attr.name, kAttributes);
      report(diag::Kind::UnknownAttribute, attr.loc,
             "unknown attribute " + diag::code("@" + attr.name) +
                 (best ? "; did you mean " + diag::code("@" + *best) + "?" : ""));
      continue;
    }
    if (!seen.insert(attr.name).second) {
      report(diag::Kind::DuplicateAttribute, attr.loc,
             diag::code("@" + attr.name) + " is given twice on this statement");
      continue;
    }
    if (poisoned) continue;
    if (shape == Shape::None) {
      report(diag::Kind::MisplacedAttribute, attr.loc,
             "attributes cannot be put on `yield` or `return`");
      continue;
    }
    // Arguments by name, with positional ones mapped to `positional` in order.
    auto named_args = [&](const std::vector<std::string>& positional)
        -> std::optional<std::vector<std::pair<std::string, const ast::Arg*>>> {
      std::vector<std::pair<std::string, const ast::Arg*>> result;
      std::size_t next = 0;
      for (const ast::Arg& arg : attr.args) {
        std::string key = arg.keyword;
        if (key.empty()) {
          if (next >= positional.size()) {
            invalid(arg.loc, "takes at most " + std::to_string(positional.size()) +
                                 " positional argument" + (positional.size() == 1 ? "" : "s"));
            return std::nullopt;
          }
          key = positional[next++];
        }
        result.emplace_back(key, &arg);
      }
      return result;
    };
    auto number = [&](const ast::Arg& arg, double low, bool low_inclusive,
                      double high) -> std::optional<double> {
      auto value = constant_value(*arg.value);
      if (!value || !value->is_number()) {
        invalid(arg.value->loc, "needs a constant number here");
        return std::nullopt;
      }
      double x = value->as_number();
      if (x < low || (!low_inclusive && x == low) || x > high) {
        invalid(arg.value->loc, "value " + std::to_string(x) + " is out of range");
        return std::nullopt;
      }
      return x;
    };

    if (attr.name == "retry") {
      if (shape != Shape::StageCall && shape != Shape::PipelineCall && shape != Shape::Iteration) {
        misplaced("stage calls, pipeline calls, `map` and `filter`");
        continue;
      }
      auto args = named_args({"attempts", "backoff"});
      if (!args) continue;
      RetryPolicy policy;
      bool ok = true;
      for (const auto& [key, arg] : *args) {
        if (key == "attempts") {
          auto value = constant_value(*arg->value);
          if (!value || !value->is_int() || value->as_int() < 1 || value->as_int() > 100) {
            invalid(arg->value->loc, "`attempts` must be a constant `int` from 1 to 100");
            ok = false;
          } else {
            policy.attempts = value->as_int();
          }
        } else if (key == "backoff" || key == "max_backoff") {
          auto seconds = number(*arg, 0, true, 3600);
          ok = ok && seconds;
          if (seconds) (key == "backoff" ? policy.backoff : policy.max_backoff) = *seconds;
        } else {
          invalid(arg->loc, "has no argument " + diag::code(key) +
                                did_you_mean(key, {"attempts", "backoff", "max_backoff"}));
          ok = false;
        }
      }
      if (ok) out.retry = policy;
    } else if (attr.name == "timeout") {
      if (shape != Shape::StageCall && shape != Shape::PipelineCall && shape != Shape::Iteration &&
          shape != Shape::Loop) {
        misplaced("stage calls, pipeline calls, `map`, `filter`, `for` and `while`");
        continue;
      }
      auto args = named_args({"seconds"});
      if (!args) continue;
      if (args->size() != 1 || (*args)[0].first != "seconds") {
        invalid(attr.loc, "needs one duration, such as `@timeout(10s)`");
        continue;
      }
      if (auto seconds = number(*(*args)[0].second, 0, false, 7 * 24 * 3600))
        out.timeout = *seconds;
    } else if (attr.name == "cache") {
      if (shape != Shape::StageCall && shape != Shape::PipelineCall) {
        misplaced("stage calls and pipeline calls");
        continue;
      }
      if (!attr.args.empty()) {
        invalid(attr.args[0].loc, "takes no arguments");
        continue;
      }
      if (statement_value(stmt).effect == Purity::Effect) {
        misplaced(
            "calls without effects; this one changes the outside world, so reusing an "
            "old result would skip the change");
        continue;
      }
      out.cache = true;
    } else if (attr.name == "label") {
      if (attr.args.empty()) {
        invalid(attr.loc, "needs at least one `key: value`");
        continue;
      }
      for (const ast::Arg& arg : attr.args) {
        auto value = constant_value(*arg.value);
        if (arg.keyword.empty()) {
          invalid(arg.loc, "takes `key: value` arguments only");
        } else if (kReservedLabels.count(arg.keyword)) {
          invalid(arg.loc, "label " + diag::code(arg.keyword) + " is reserved by Prometheus");
        } else if (!value || !(value->is_str() || value->is_number() || value->is_bool())) {
          invalid(arg.value->loc, "label values must be constant strings, numbers or bools");
        } else {
          out.labels.emplace_back(arg.keyword,
                                  value->is_str()    ? std::string(value->as_str())
                                  : value->is_bool() ? (value->as_bool() ? "true" : "false")
                                  : value->is_int()  ? std::to_string(value->as_int())
                                                     : std::to_string(value->as_float()));
        }
      }
    } else if (attr.name == "span") {
      if (shape == Shape::Expression) {
        misplaced("stage calls, pipeline calls, `map`, `filter`, `if`, `for` and `while`");
        continue;
      }
      auto args = named_args({"name"});
      if (!args) continue;
      if (args->size() != 1 || (*args)[0].first != "name") {
        invalid(attr.loc, "needs one name, such as `@span(\"load customers\")`");
        continue;
      }
      const ast::Arg& arg = *(*args)[0].second;
      auto value = constant_value(*arg.value);
      if (!value || !value->is_str() || value->as_str().empty()) {
        invalid(arg.value->loc, "needs a constant, non-empty string");
        continue;
      }
      out.span_name = std::string(value->as_str());
    } else {  // trace
      if (shape != Shape::Iteration && shape != Shape::PipelineCall) {
        misplaced("`map`, `filter` and pipeline calls");
        continue;
      }
      auto args = named_args({});
      if (!args) continue;
      TracePolicy policy;
      bool ok = true;
      for (const auto& [key, arg] : *args) {
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
            invalid(arg->value->loc, "`items` must be \"none\", \"all\" or \"sample\"");
            ok = false;
          }
        } else if (key == "rate") {
          auto rate = number(*arg, 0, false, 1);
          ok = ok && rate;
          if (rate) policy.rate = *rate;
        } else if (key == "limit") {
          if (!value || !value->is_int() || value->as_int() < 0) {
            invalid(arg->value->loc, "`limit` must be a constant non-negative `int`");
            ok = false;
          } else {
            policy.limit = value->as_int();
          }
        } else {
          invalid(arg->loc, "has no argument " + diag::code(key) +
                                did_you_mean(key, {"items", "rate", "limit"}));
          ok = false;
        }
      }
      if (ok) out.trace = policy;
    }
  }
}

}  // namespace plumb::check
