// Program: argument binding and running, and Result's human summary.
#include <algorithm>
#include <cstdio>

#include "base/value/conform.hpp"
#include "runtime/api/engine_impl.hpp"
#include "runtime/store/recorder.hpp"
#include "runtime/telemetry/baggage.hpp"
#include "runtime/telemetry/ids.hpp"

namespace plumb {

std::vector<Value> Program::Impl::bind(const std::map<std::string, Value>& args) const {
  const exec::FunctionPlan& f = plan->functions.at(function);
  for (const auto& [name, value] : args) {
    if (std::find(f.param_names.begin(), f.param_names.end(), name) == f.param_names.end()) {
      std::string known;
      for (const std::string& p : f.param_names)
        known += (known.empty() ? "`" : ", `") + p + "`";
      throw ArgumentError("pipeline `" + entry + "` has no parameter `" + name + "`" +
                          (known.empty() ? "; it takes none" : "; its parameters are " + known));
    }
  }
  std::vector<Value> bound;
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    const std::string& name = f.param_names[i];
    auto it = args.find(name);
    Value value;
    if (it != args.end()) {
      value = it->second;
    } else if (f.params[i].default_value) {
      value = *f.params[i].default_value;
    } else {
      throw ArgumentError("missing argument `" + name + "` of pipeline `" + entry + "`");
    }
    Type type = f.params[i].type;
    if (!value_fits(value, type)) {
      throw ArgumentError("argument `" + name + "` must be `" + type.to_string() + "`, not `" +
                          std::string(type_name(value)) + "` (" + to_json(value) + ")");
    }
    if (type.is(TypeKind::Float) && value.is_int()) value = Value::number(value.as_number());
    bound.push_back(std::move(value));
  }
  return bound;
}

Result Program::run(const std::map<std::string, Value>& args, const RunOptions& options) const {
  exec::RunRequest request;
  request.plan = impl_->plan;
  request.function = impl_->function;
  request.backend = impl_->backend;
  request.args = impl_->bind(args);
  if (!options.traceparent.empty()) {
    request.parent = telemetry::parse_traceparent(options.traceparent);
    if (!request.parent) {
      throw ArgumentError("invalid traceparent `" + options.traceparent +
                          "`; expected 00-<32 hex digits>-<16 hex digits>-<2 hex digits>");
    }
  }
  if (!options.baggage.empty()) {
    std::string problem;
    auto baggage = telemetry::parse_baggage(options.baggage, &problem);
    if (!baggage) throw ArgumentError("invalid baggage: " + problem);
    request.baggage = std::move(*baggage);
  }
  request.cancel = options.cancel;
  Engine::Impl& engine = *impl_->engine;
  std::unique_ptr<store::Recording> recording;
  if (engine.store) {
    recording = store::Recording::begin(
        engine.store, api::run_start(*impl_, request.args, *engine.exports->redactor(),
                                     engine.runtime.threads()));
    if (recording) request.run_id = recording->id();
  }
  const std::int64_t started = store::unix_now_ns();
  exec::RunOutcome outcome = exec::run(engine.runtime, request);
  if (recording) {
    store::RunEnd end = api::run_end(outcome, *engine.exports->redactor());
    end.started_ns = started;
    end.ended_ns = store::unix_now_ns();
    recording->finish(std::move(end));
  }
  engine.exports->after_run(outcome.spans_dropped);
  Result result;
  result.status = outcome.ok ? Status::Ok : outcome.cancelled ? Status::Cancelled : Status::Failed;
  result.value = std::move(outcome.value);
  result.seconds = outcome.seconds;
  result.trace_id = outcome.trace_id;
  result.run_id = outcome.run_id;
  result.spans = outcome.spans;
  result.spans_dropped = outcome.spans_dropped.total();
  result.no_spans_reason = std::move(outcome.no_spans_reason);
  if (outcome.error) {
    result.error = static_cast<const ErrorInfo&>(*outcome.error);
  }
  result.statistics_ = std::move(outcome.statistics);
  result.usage = std::move(outcome.usage);
  return result;
}

const std::string& Program::entry() const {
  return impl_->entry;
}

std::vector<std::string> Program::parameters() const {
  return impl_->plan->functions.at(impl_->function).param_names;
}

const std::vector<Diagnostic>& Program::warnings() const {
  return impl_->warnings;
}

std::vector<NodeResult> Result::nodes() const {
  return statistics_ ? exec::node_results(*statistics_) : std::vector<NodeResult>();
}

}  // namespace plumb
