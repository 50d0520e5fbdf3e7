// The StageContext a stage sees while the runtime runs it: its arguments, cancellation (its
// scope was cancelled by a failure elsewhere, or its @timeout expired), sleeping that wakes on
// cancellation, and telemetry — attributes and events on the node's span (on the span around
// it for `trace.*`, which have none), child spans, the W3C traceparent of the node's span,
// metrics with the `@label`s of the node and the nodes around it (labels with secret-like
// names get `[REDACTED]` values, and a warning), logs with trace and span ids (`pipeline` for
// log.* stages, `stdlib` for the stages' own debug records), secret values the stage read,
// LLM usage.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include <plumb/stage.hpp>

#include "runtime/exec/state.hpp"

namespace plumb::exec {

class RuntimeStageContext : public StageContext {
 public:
  RuntimeStageContext(Frame& frame, const NodePlan& node, std::span<const Value> args,
                      const Fields& extra, std::uint64_t span, const std::atomic<bool>* timed_out,
                      Timer::Clock::time_point deadline);
  ~RuntimeStageContext() override;

  bool cancelled() const override;
  bool sleep_for(double seconds) override;
  double seconds_left() const override;
  std::uint64_t max_read_bytes() const override;
  void set_attribute(std::string_view key, const Value& value) override;
  void add_event(std::string_view name, const Fields& attributes) override;
  std::string traceparent() const override;
  std::string baggage() const override;
  std::vector<std::pair<std::string, std::string>> child_environment() const override;
  void record_metric(const MetricRecord& metric) override;
  void log(LogLevel level, std::string_view message, const Fields& fields) override;
  void warn_once(std::string_view message) override;
  bool debug_enabled() const override { return frame_.run->debug_stdlib; }
  void debug(std::string_view message, const Fields& fields) const override;
  void read_variable(std::string_view name, std::string_view value) override;
  void record_llm_usage(std::string_view model, std::int64_t input_tokens,
                        std::int64_t output_tokens, double cost_usd) override;
  std::uint64_t begin_span(std::string_view name) override;
  void span_attribute(std::uint64_t span, std::string_view key, const Value& value) override;
  void end_span(std::uint64_t span, std::string_view error_type,
                std::string_view error_message) override;

  // The attributes set on the node's span (handed to its span record).
  telemetry::SpanExtras* take_extras() { return extras_.release(); }

 private:
  void write_record(std::string_view logger, LogLevel level, std::string_view message,
                    const Fields& fields) const;
  std::string redacted_label(std::string_view metric, std::string_view label);
  // The span a stage without a span of its own annotates: the recorded span of the frame it
  // runs in (0 when the frame is not traced).
  std::uint64_t surrounding_span() const;

  struct ChildSpan {
    std::uint64_t id;
    std::int64_t start;
    std::unique_ptr<telemetry::SpanExtras> extras;
  };

  Frame& frame_;
  const NodePlan& node_;
  std::uint64_t span_;
  const std::atomic<bool>* timed_out_;
  Timer::Clock::time_point deadline_;
  std::unique_ptr<telemetry::SpanExtras> extras_;
  std::vector<ChildSpan> children_;
};

}  // namespace plumb::exec
