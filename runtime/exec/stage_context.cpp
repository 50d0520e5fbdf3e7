// RuntimeStageContext: the runtime's services for stages.
#include "runtime/exec/stage_context.hpp"

#include <algorithm>
#include <cmath>

#include "runtime/exec/run_log.hpp"
#include "runtime/telemetry/logs.hpp"

namespace plumb::exec {

namespace {
constexpr auto kSleepSlice = std::chrono::milliseconds(20);
}

RuntimeStageContext::RuntimeStageContext(Frame& frame, const NodePlan& node,
                                         std::span<const Value> args, const Fields& extra,
                                         std::uint64_t span, const std::atomic<bool>* timed_out,
                                         Timer::Clock::time_point deadline)
    : StageContext(node.stage->signature, args, extra),
      frame_(frame),
      node_(node),
      span_(span),
      timed_out_(timed_out),
      deadline_(deadline) {
}

RuntimeStageContext::~RuntimeStageContext() {
  // Child spans the stage left open end with the node.
  while (!children_.empty())
    end_span(children_.size(), {}, {});
}

bool RuntimeStageContext::cancelled() const {
  return frame_.scope->cancelled() || (timed_out_ && timed_out_->load(std::memory_order_relaxed));
}

bool RuntimeStageContext::sleep_for(double seconds) {
  if (!(seconds > 0)) return !cancelled();
  auto until = Timer::Clock::now() + std::chrono::duration_cast<Timer::Clock::duration>(
                                         std::chrono::duration<double>(seconds));
  RunState& run = *frame_.run;
  std::unique_lock lock(run.sleep_mutex);
  while (!cancelled()) {
    auto now = Timer::Clock::now();
    if (now >= until) return true;
    run.wake_sleepers.wait_until(lock, std::min(until, now + kSleepSlice));
  }
  return false;
}

double RuntimeStageContext::seconds_left() const {
  if (deadline_ == Timer::Clock::time_point::max()) return std::numeric_limits<double>::infinity();
  return std::max(0.0, std::chrono::duration<double>(deadline_ - Timer::Clock::now()).count());
}

std::uint64_t RuntimeStageContext::surrounding_span() const {
  const RunState& run = *frame_.run;
  return run.tracing && frame_.traced ? frame_.span : 0;
}

std::uint64_t RuntimeStageContext::max_read_bytes() const {
  std::uint64_t configured = frame_.run->runtime.max_read_bytes();
  return configured != 0 ? configured : StageContext::max_read_bytes();
}

void RuntimeStageContext::set_attribute(std::string_view key, const Value& value) {
  if (!node_.stage->signature.own_span) {
    if (std::uint64_t span = surrounding_span()) frame_.run->notes.attribute(span, key, value);
    return;
  }
  if (!extras_) extras_ = std::make_unique<telemetry::SpanExtras>();
  extras_->attributes.emplace_back(std::string(key), value);
}

void RuntimeStageContext::add_event(std::string_view name, const Fields& attributes) {
  RunState& run = *frame_.run;
  if (!node_.stage->signature.own_span) {
    if (std::uint64_t span = surrounding_span()) {
      run.notes.event(span, telemetry::SpanEvent{std::string(name), run.now_ns(), attributes});
    }
    return;
  }
  if (span_ == 0) return;
  if (!extras_) extras_ = std::make_unique<telemetry::SpanExtras>();
  extras_->events.push_back(telemetry::SpanEvent{std::string(name), run.now_ns(), attributes});
}

std::string RuntimeStageContext::traceparent() const {
  if (span_ == 0) return {};
  return telemetry::format_traceparent(frame_.run->trace, span_, frame_.run->trace_flags);
}

std::string RuntimeStageContext::baggage() const {
  return frame_.run->baggage;
}

std::vector<std::pair<std::string, std::string>> RuntimeStageContext::child_environment() const {
  std::vector<std::pair<std::string, std::string>> env = StageContext::child_environment();
  for (const auto& setting : frame_.run->runtime.child_environment())
    env.push_back(setting);
  return env;
}

void RuntimeStageContext::record_metric(const MetricRecord& metric) {
  MetricRecord labelled = metric;
  // The stage's own labels come first, then the node's @label ones, then those of the nodes
  // around it from the innermost out (a map, a nested pipeline call...): the first of a name
  // wins.
  auto add = [&](const Labels& labels) {
    for (const auto& label : labels) {
      auto same = [&](const auto& l) { return l.first == label.first; };
      if (std::none_of(labelled.labels.begin(), labelled.labels.end(), same)) {
        labelled.labels.push_back(label);
      }
    }
  };
  add(node_.meta.labels);
  for (const Frame* f = &frame_; f; f = f->parent) {
    if (f->owner) add(f->owner->meta.labels);
  }
  const Redactor& redactor = frame_.run->runtime.telemetry().redactor();
  for (auto& [label, label_value] : labelled.labels) {
    if (redactor.secret(label)) label_value = redacted_label(labelled.name, label);
  }
  const std::string_view exemplar =
      metric.kind == MetricKind::Histogram ? frame_.run->trace_hex : std::string_view();
  std::string problem = frame_.run->runtime.metrics().record_user(labelled, exemplar);
  if (!problem.empty()) fail(problem);
}

// The value a label with a secret-like name gets; the first time in a run for a metric and
// label, a warning says so.
std::string RuntimeStageContext::redacted_label(std::string_view metric, std::string_view label) {
  RunState& run = *frame_.run;
  if (note_redacted_label(run, metric, label)) {
    write_record("runtime", LogLevel::Warn,
                 "metric label looks secret: its values are recorded as [REDACTED]",
                 {{"metric", Value::string(metric)}, {"label", Value::string(label)}});
  }
  return std::string(kRedacted);
}

void RuntimeStageContext::log(LogLevel level, std::string_view message, const Fields& fields) {
  write_record("pipeline", level, message, fields);
}

void RuntimeStageContext::debug(std::string_view message, const Fields& fields) const {
  if (frame_.run->debug_stdlib) write_record("stdlib", LogLevel::Debug, message, fields);
}

void RuntimeStageContext::write_record(std::string_view logger, LogLevel level,
                                       std::string_view message, const Fields& fields) const {
  RunState& run = *frame_.run;
  telemetry::LogRecord record;
  record.time_ns = run.now_ns();
  record.level = level;
  record.logger = std::string(logger);
  record.message = std::string(message);
  record.fields = fields;
  record.trace_id = run.trace_hex;
  record.span_id = telemetry::to_hex(span_ != 0 ? span_ : frame_.span);
  record.trace_flags = run.trace_flags;
  record.pipeline = node_.meta.pipeline;
  record.node = node_.meta.node;
  write_log(run, std::move(record));
}

void RuntimeStageContext::read_variable(std::string_view name, std::string_view value) {
  add_secret(*frame_.run, name, value);
}

void RuntimeStageContext::warn_once(std::string_view message) {
  RunState& run = *frame_.run;
  {
    std::lock_guard lock(run.details_mutex);
    if (!run.warned.emplace(message).second) return;
  }
  StageContext::warn_once(message);
}

void RuntimeStageContext::record_llm_usage(std::string_view model, std::int64_t input_tokens,
                                           std::int64_t output_tokens, double cost_usd) {
  RunState& run = *frame_.run;
  std::lock_guard lock(run.details_mutex);
  ModelCost& usage = run.usage[std::string(model)];
  usage.model = model;
  usage.calls += 1;
  usage.input_tokens += input_tokens;
  usage.output_tokens += output_tokens;
  usage.cost_usd += cost_usd;
}

std::uint64_t RuntimeStageContext::begin_span(std::string_view name) {
  if (span_ == 0) return 0;
  auto extras = std::make_unique<telemetry::SpanExtras>();
  extras->name = std::string(name);
  children_.push_back(ChildSpan{telemetry::new_span_id(), frame_.run->now_ns(), std::move(extras)});
  return children_.size();
}

void RuntimeStageContext::span_attribute(std::uint64_t span, std::string_view key,
                                         const Value& value) {
  if (span == 0 || span > children_.size()) return;
  children_[span - 1].extras->attributes.emplace_back(std::string(key), value);
}

void RuntimeStageContext::end_span(std::uint64_t span, std::string_view error_type,
                                   std::string_view error_message) {
  // Spans end innermost first; ending an outer one ends those opened inside it.
  while (span != 0 && span <= children_.size()) {
    ChildSpan child = std::move(children_.back());
    children_.pop_back();
    telemetry::SpanRecord record;
    record.trace = frame_.run->trace;
    record.span_id = child.id;
    record.parent_id = children_.empty() ? span_ : children_.back().id;
    record.start_ns = child.start;
    record.end_ns = frame_.run->now_ns();
    record.node = &node_.meta;
    record.run = &frame_.run->meta;
    record.kind = telemetry::SpanKind::Child;
    bool last = children_.size() + 1 == span;
    if (last && !error_type.empty()) {
      record.error = true;
      child.extras->error_type = std::string(error_type);
      child.extras->error_message = std::string(error_message);
    }
    record.extras = child.extras.release();
    frame_.run->record(record);
    if (last) break;
  }
}

}  // namespace plumb::exec
