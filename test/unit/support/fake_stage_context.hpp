// A StageContext for unit tests of stages: arguments are given by name (the signature's
// defaults fill the rest), and attributes, metrics, logs, warnings and LLM usage the stage
// records are kept for assertions. Cancellation can be triggered by the test.
#pragma once

#include <plumb/stage.hpp>

#include <atomic>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace plumb::testing {

namespace detail {
// Constructed before StageContext (base-from-member), which keeps references to it.
struct FakeArguments {
  std::vector<Value> values;
  Fields extra;
};
}  // namespace detail

class FakeStageContext : private detail::FakeArguments, public StageContext {
 public:
  struct LogRecord {
    LogLevel level;
    std::string message;
    Fields fields;
  };
  struct ChildSpan {
    std::string name;
    std::map<std::string, Value> attributes;
    std::string error_type;
    std::string error_message;
    bool ended = false;
  };
  struct Usage {
    std::string model;
    std::int64_t input_tokens;
    std::int64_t output_tokens;
    double cost_usd;
  };

  // `args` by parameter name; `extra` are the extra keyword arguments (`**fields`).
  FakeStageContext(const StageDef& def, std::map<std::string, Value> args, Fields extra = {})
      : detail::FakeArguments{bind(def.signature, std::move(args)), std::move(extra)},
        StageContext(def.signature, detail::FakeArguments::values, detail::FakeArguments::extra) {}

  bool cancelled() const override { return cancelled_.load(); }
  void cancel() { cancelled_ = true; }
  void set_attribute(std::string_view key, const Value& value) override {
    attributes[std::string(key)] = value;
  }
  std::string traceparent() const override { return traceparent_value; }
  std::string baggage() const override { return baggage_value; }
  void record_metric(const MetricRecord& metric) override { metrics.push_back(metric); }
  void log(LogLevel level, std::string_view message, const Fields& fields) override {
    logs.push_back({level, std::string(message), fields});
  }
  void warn_once(std::string_view message) override { warnings.emplace_back(message); }
  void record_llm_usage(std::string_view model, std::int64_t input_tokens,
                        std::int64_t output_tokens, double cost_usd) override {
    usage.push_back({std::string(model), input_tokens, output_tokens, cost_usd});
  }

  std::uint64_t begin_span(std::string_view name) override {
    spans.push_back({std::string(name), {}, {}, {}, false});
    return spans.size();
  }
  void span_attribute(std::uint64_t span, std::string_view key, const Value& value) override {
    spans.at(span - 1).attributes[std::string(key)] = value;
  }
  void end_span(std::uint64_t span, std::string_view error_type,
                std::string_view error_message) override {
    ChildSpan& s = spans.at(span - 1);
    s.error_type = error_type;
    s.error_message = error_message;
    s.ended = true;
  }

  std::map<std::string, Value> attributes;
  std::vector<ChildSpan> spans;
  std::vector<MetricRecord> metrics;
  std::vector<LogRecord> logs;
  std::vector<std::string> warnings;  // every warn_once call
  std::vector<Usage> usage;
  std::string traceparent_value;
  std::string baggage_value;

 private:
  static std::vector<Value> bind(const StageSignature& signature,
                                 std::map<std::string, Value> args) {
    std::vector<Value> bound;
    for (const Param& p : signature.params) {
      auto it = args.find(p.name);
      if (it != args.end()) {
        bound.push_back(it->second);
        args.erase(it);
      } else if (p.default_value) {
        bound.push_back(*p.default_value);
      } else {
        throw std::invalid_argument("missing argument " + p.name + " for " + signature.name);
      }
    }
    if (!args.empty()) throw std::invalid_argument("unknown argument " + args.begin()->first);
    return bound;
  }

  std::atomic<bool> cancelled_{false};
};

}  // namespace plumb::testing
