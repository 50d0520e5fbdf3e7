// Stages: the units of work a pipeline calls (`io.read_text(path)`). A stage declares its
// signature (parameters with types and defaults, result type), its kind — pure, volatile or
// effect, which decides how the compiler may reorder, deduplicate or drop it — and a version
// that is part of cache keys. The standard library and embedding applications register
// stages in a StageRegistry; the checker validates calls against it and the runtime calls
// `run` with a StageContext that gives the arguments and the runtime's services.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <plumb/type.hpp>
#include <plumb/value.hpp>

namespace plumb {

// LANGUAGE.md §8: pure stages may be deduplicated, dropped when unused, cached and reordered;
// volatile ones wait for the effects before them; effects wait for everything before them.
enum class Purity : std::uint8_t { Pure, Volatile, Effect };
std::string_view purity_name(Purity purity);

struct Param {
  std::string name;
  Type type;
  std::optional<Value> default_value;  // none: the argument is required
  std::string doc;
};

struct StageSignature {
  std::string name;  // qualified: `io.read_text`
  std::vector<Param> params;
  // Non-empty when the stage takes any further keyword arguments (`**fields`); the name is
  // used in documentation and messages.
  std::string extra_keywords;
  Type result;
  Purity purity = Purity::Pure;
  std::string version = "1";
  std::string summary;  // one line for `plumb stdlib`
  // Whether a call may wait on the outside world (files, network, subprocesses, sleeps). Such
  // calls run on the runtime's I/O threads, so they never hold a worker and many of them
  // (several LLM calls, say) wait at once. Unset: volatile and effect stages may block.
  std::optional<bool> blocking;
  // Calls of an ordered volatile stage (the log.* stages) keep their source order among
  // themselves, though volatile calls are otherwise unordered (docs/language.md §5, "Order of
  // effects"): each runs after the previous ordered call of its body.
  bool ordered = false;
  // Whether a call's node gets a span of its own. `trace.*` stages have none: what they set
  // goes to the span around them (StageContext::set_attribute, add_event).
  bool own_span = true;

  std::optional<std::size_t> param_index(std::string_view param) const;
  bool may_block() const { return blocking.value_or(purity != Purity::Pure); }
};

enum class MetricKind : std::uint8_t { Counter, Gauge, Histogram };
enum class LogLevel : std::uint8_t { Debug, Info, Warn, Error };
std::string_view level_name(LogLevel level);

using Labels = std::vector<std::pair<std::string, std::string>>;
using Fields = std::vector<std::pair<std::string, Value>>;

// A metric update from a stage (`metrics.*`). The first use of a name defines its metric: the
// kind, the help text and a histogram's bucket bounds; later uses must agree with it.
struct MetricRecord {
  MetricKind kind = MetricKind::Counter;
  std::string name;
  double value = 0;  // counter: amount to add; gauge: value or delta; histogram: observation
  bool add = false;  // gauges: add `value` (negative to subtract) instead of setting it
  Labels labels;
  std::string help;            // empty: not given
  std::vector<double> bounds;  // histograms: bucket upper bounds, ascending; empty: not given
};

// What a running stage sees: its arguments (in signature order, defaults filled in) and the
// runtime's services. The runtime subclasses it; the defaults here serve unit tests.
class StageContext {
 public:
  StageContext(const StageSignature& signature, std::span<const Value> args, const Fields& extra);
  virtual ~StageContext();
  StageContext(const StageContext&) = delete;
  StageContext& operator=(const StageContext&) = delete;

  const StageSignature& signature() const { return signature_; }
  const Value& arg(std::size_t index) const { return args_[index]; }
  const Value& arg(std::string_view name) const;
  const Fields& extra_args() const { return extra_; }

  // Typed access: throws StageError "`stage`: argument `name` must be a str, not int".
  std::string_view str_arg(std::string_view name) const;
  std::int64_t int_arg(std::string_view name) const;
  double float_arg(std::string_view name) const;  // an int is accepted
  bool bool_arg(std::string_view name) const;
  std::span<const Value> list_arg(std::string_view name) const;
  const Value& record_arg(std::string_view name) const;
  // Throws StageError prefixed with the stage name.
  [[noreturn]] void fail(const std::string& message, bool retryable = false) const;

  // Cancellation: set when the node's @timeout expires or a sibling node failed.
  virtual bool cancelled() const { return false; }
  // Throws StageError (kind "cancelled") when cancelled(); long loops call it now and then.
  void throw_if_cancelled() const;
  // Sleeps up to `seconds`; returns false early when cancelled.
  virtual bool sleep_for(double seconds);
  // Seconds until the node's deadline (infinite without @timeout).
  virtual double seconds_left() const { return std::numeric_limits<double>::infinity(); }
  // The largest file the stage may read, in bytes: the engine's limit
  // (EngineOptions::limits), else PLUMB_MAX_READ_BYTES, else 1 GiB. Throws StageError when
  // PLUMB_MAX_READ_BYTES is not a positive integer.
  virtual std::uint64_t max_read_bytes() const;

  // Telemetry of the node's span (of the span around the call for a stage without a span of
  // its own, StageSignature::own_span) and the run.
  virtual void set_attribute(std::string_view key, const Value& value);
  virtual void add_event(std::string_view name, const Fields& attributes);
  void items(std::int64_t in, std::int64_t out);
  void bytes(std::int64_t read, std::int64_t written);
  // The W3C `traceparent` header of the node's span (empty when tracing is off).
  virtual std::string traceparent() const { return {}; }
  // The run's W3C `baggage` header (`key=value,...`; empty when the run has none).
  virtual std::string baggage() const { return {}; }
  // The environment variables a child process gets so that it joins the run's trace:
  // TRACEPARENT and BAGGAGE when not empty, then the OTEL_* settings the engine was given in
  // code or on the command line (the environment's own OTEL_* variables are inherited anyway).
  virtual std::vector<std::pair<std::string, std::string>> child_environment() const;
  // Fails (a StageError from the runtime) when the metric's first use defined it otherwise.
  virtual void record_metric(const MetricRecord& metric);
  virtual void log(LogLevel level, std::string_view message, const Fields& fields);
  // `plumb: warning: MESSAGE` on stderr, once per run for each distinct message however many
  // nodes or items give it (without a run: every time).
  virtual void warn_once(std::string_view message);
  // Debug records of the standard library's own logger (`stdlib`): what a stage asked of the
  // outside world. Build the fields only when debug_enabled() says they will be written.
  virtual bool debug_enabled() const { return false; }
  virtual void debug(std::string_view message, const Fields& fields) const;
  // The stage read `value` under `name` (an environment variable): when the name looks secret
  // (docs/telemetry.md, "Redaction"), the runtime keeps the value out of log records and
  // PLUMB_TRACE_IO recordings.
  virtual void read_variable(std::string_view name, std::string_view value);
  virtual void record_llm_usage(std::string_view model, std::int64_t input_tokens,
                                std::int64_t output_tokens, double cost_usd);

  // Child spans of the node's span (see plumb::Span). A handle of 0 means "not recording".
  virtual std::uint64_t begin_span(std::string_view name);
  virtual void span_attribute(std::uint64_t span, std::string_view key, const Value& value);
  virtual void end_span(std::uint64_t span, std::string_view error_type,
                        std::string_view error_message);

  // The context of the stage running on this thread, or nullptr (set by the runtime).
  static StageContext* current();
  class Scope {
   public:
    explicit Scope(StageContext& context);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    StageContext* previous_;
  };

 private:
  const StageSignature& signature_;
  std::span<const Value> args_;
  const Fields& extra_;
};

using StageFunction = std::function<Value(StageContext&)>;
// Checks an argument that is a constant at compile time (a literal regex, say); returns an
// error message when the value can never work.
using ConstantCheck =
    std::function<std::optional<std::string>(std::string_view param, const Value& value)>;

// Checks the keyword of an extra keyword argument (`**labels`), constant or not; returns an
// error message when the stage never accepts that keyword (a reserved name).
using KeywordCheck = std::function<std::optional<std::string>(std::string_view keyword)>;

struct StageDef {
  StageSignature signature;
  StageFunction run;
  ConstantCheck check_constant;  // also shown the constant values of extra keyword arguments
  KeywordCheck check_keyword;
};

class StageRegistry {
 public:
  // Throws std::invalid_argument on a repeated name or an ill-formed signature.
  void add(StageDef def);
  const StageDef* find(std::string_view name) const;
  // Every stage, sorted by name.
  std::vector<const StageDef*> all() const;
  std::size_t size() const { return stages_.size(); }

 private:
  std::map<std::string, std::unique_ptr<StageDef>, std::less<>> stages_;
};

}  // namespace plumb
