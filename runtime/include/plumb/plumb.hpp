// plumb's embedding API. An Engine holds the stage registry (the standard library, plus the
// stages an application registers), the worker pool, telemetry and observers. It compiles
// .pipe files or strings into Programs; a Program runs with named arguments and returns a
// Result: the value, or the error with its node and place, plus per-node statistics. One
// Program may run from several threads at once. Every node of every run gets a span.
//
//   plumb::Engine engine;
//   engine.register_stage(my_stage);
//   plumb::Program program = engine.compile_file("pipelines/etl.pipe");
//   plumb::Result result = program.run({{"path", plumb::Value::string("in.csv")}});
//   if (!result.ok()) std::cerr << result.error->describe() << '\n';
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <plumb/cancel.hpp>
#include <plumb/json.hpp>
#include <plumb/observer.hpp>
#include <plumb/result.hpp>
#include <plumb/span.hpp>
#include <plumb/stage.hpp>
#include <plumb/store.hpp>
#include <plumb/value.hpp>

namespace plumb {

// Telemetry and its export (docs/telemetry.md). Empty strings and 0 mean "not set"; the
// OpenTelemetry variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_BSP_*, OTEL_SERVICE_NAME, ...)
// and PLUMB_LOG, PLUMB_TRACE_IO, PLUMB_REDACT_KEYS apply where an option is not set.
struct TelemetryOptions {
  bool enabled = true;            // false: no spans (OTEL_SDK_DISABLED=true also turns them off)
  std::string chrome_trace_path;  // write a Chrome trace JSON file (Perfetto) when not empty
  std::string otlp_endpoint;      // OTLP base URL: over HTTP spans to /v1/traces, logs to /v1/logs
  std::string otlp_protocol;      // grpc | http/protobuf | http/json (default: OTEL_*, http/json)
  bool otlp_metrics = false;      // export metrics over OTLP too (as OTEL_METRICS_EXPORTER=otlp)
  std::string otlp_file;          // write spans as OTLP JSON Lines
  int metrics_port = 0;           // serve /metrics and /health on this port
  std::string metrics_addr = "127.0.0.1";
  std::string push_gateway;  // Pushgateway URL: push the metrics after each run
  std::string push_job = "plumb";
  std::string influx_url;           // push the metrics in Influx line protocol to URL/write
  std::string log_format = "text";  // text | json
  std::string log_level;            // debug | info | warn | error (default info)
  std::string log_file;             // rotated by size; empty: stderr
  std::size_t log_file_max_bytes = 10 * 1024 * 1024;
  std::size_t log_file_max_files = 3;
  std::vector<std::string> redact_keys;  // key patterns whose values are redacted
  bool trace_io = false;                 // node inputs and outputs on spans (1 KiB each)
  double shutdown_timeout_seconds = 5;   // how long the last export may take
  std::size_t max_series_per_metric = 10000;
};

// How compiled programs execute (docs/jit.md): the interpreter, native code from the LLVM
// JIT, or `Auto` (the JIT when a map, filter or loop body evaluates expressions).
enum class Backend { Interp, Jit, Auto };

struct BackendOptions {
  Backend backend = Backend::Interp;
  int jit_opt_level = 2;      // 0 or 2
  std::string jit_cache_dir;  // on-disk object cache; empty: in memory only
};

// Bounds on what the standard library's stages do (docs/runtime.md, "Limits and guarantees").
struct LimitOptions {
  // The largest file io.* and vector.* stages read, in bytes; 0: PLUMB_MAX_READ_BYTES when
  // set, else 1 GiB. A larger file (or a device or FIFO that gives more) fails the stage.
  std::uint64_t max_read_bytes = 0;
  // How many errors and warnings a CompileError's message shows, like `--max-diagnostics`
  // (0: all of that severity); CompileError::diagnostics() has every one. The message's line
  // counting those not shown ends with `how_to_show_all`, in the embedding's own words.
  std::size_t errors_shown = 20;
  std::size_t warnings_shown = 50;
  std::string how_to_show_all = "CompileError::diagnostics() has them all";
};

struct EngineOptions {
  int threads = 0;  // worker threads; 0: one per core
  TelemetryOptions telemetry;
  BackendOptions execution;
  LimitOptions limits;
  // Every run of the engine's programs is recorded here (docs/store.md); null: none is. A
  // store that cannot be written warns once on stderr and never fails a run.
  std::shared_ptr<RunStore> store;
};

// What the compiler said about a program, one finding: where, how severe, which kind
// (docs/language.md §9) and the message; notes (severity `note`) point at related places.
struct Diagnostic {
  std::string file;  // empty when the finding has no place in a file
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string severity;  // error | warning | note
  std::string kind;      // `type-mismatch`, ...; empty for notes and for errors without a kind
  std::string message;
  std::vector<Diagnostic> notes;
};

// A compile error: `what()` is every diagnostic, rendered as `plumb check` prints them;
// diagnostics() lists them one by one (empty for errors outside the program text: a file
// that cannot be read, an entry pipeline that does not exist).
class CompileError : public std::runtime_error {
 public:
  explicit CompileError(const std::string& rendered, std::vector<Diagnostic> diagnostics = {})
      : std::runtime_error(rendered), diagnostics_(std::move(diagnostics)) {}
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Wrong arguments for a run (unknown, missing, or of the wrong type).
class ArgumentError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

namespace exec {
struct RunStatistics;
}

struct Result {
  Status status = Status::Failed;
  Value value;
  double seconds = 0;
  std::optional<ErrorInfo> error;
  std::vector<ModelCost> usage;
  std::string trace_id;
  // The run's id, observers' EventContext::run_id: the stored run's id (a ULID) when the engine
  // records runs (EngineOptions::store), else the run span's id (16 hex digits).
  std::string run_id;
  std::uint64_t spans = 0;
  // Spans of this run that no network exporter will send: its queue or the span buffers were
  // full (a warning on stderr said so). File exporters never drop.
  std::uint64_t spans_dropped = 0;
  // Why `spans` is 0: `OTEL_SDK_DISABLED=true`, no exporter configured, not sampled, ...
  std::string no_spans_reason;

  bool ok() const { return status == Status::Ok; }
  // Per-node statistics of the nodes that ran, in program order. The run keeps its counters
  // and they are turned into this list on each call, so runs whose statistics nobody reads
  // do not pay for it.
  std::vector<NodeResult> nodes() const;
  // A human summary: spans, duration, nodes ok/failed/retried, the 5 slowest nodes, and the
  // tokens and cost per model.
  std::string summary() const;

 private:
  friend class Program;
  std::shared_ptr<const exec::RunStatistics> statistics_;
};

struct RunOptions {
  // Stops the run when cancelled from another thread (<plumb/cancel.hpp>); may be null.
  std::shared_ptr<RunCancellation> cancel;
  std::string traceparent;  // W3C parent context for the run span; empty: a new trace
  // W3C baggage (`key=value,...`) passed on to the run's HTTP requests (`baggage` header) and
  // child processes (BAGGAGE); empty: none.
  std::string baggage;
};

class Engine;

class Program {
 public:
  // Runs the entry pipeline. Arguments are matched by name; parameters left out take their
  // defaults. Throws ArgumentError for unknown, missing or mistyped arguments.
  Result run(const std::map<std::string, Value>& args = {}, const RunOptions& options = {}) const;
  const std::string& entry() const;
  std::vector<std::string> parameters() const;
  // The compiler's warnings about the program (unused bindings, ...), in source order.
  const std::vector<Diagnostic>& warnings() const;

  struct Impl;
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  // The compiled form (its definition is private to the library; plumb's own tools reach it
  // through runtime/api/tooling.hpp).
  const Impl& impl() const { return *impl_; }

 private:
  std::shared_ptr<const Impl> impl_;
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Stages callable from programs compiled after registration.
  void register_stage(StageDef stage);
  const StageRegistry& stages() const;
  void add_observer(std::shared_ptr<Observer> observer);
  // Runs that start afterwards do not call it; false when it was not registered.
  bool remove_observer(const std::shared_ptr<Observer>& observer);
  // Ends telemetry export: sends what the OTLP exporters hold (within
  // `shutdown_timeout_seconds`), writes out and closes the trace files, stops the metrics
  // server. Returns one message per requested output that could not be written completely
  // (`cannot write trace file t.json: No space left on device`); runs afterwards record no
  // spans. The destructor does it when this is not called, printing the messages on stderr.
  std::vector<std::string> shutdown_telemetry();

  // `entry`: the pipeline to run; empty for `main`, or the only pipeline of the file.
  // Throws CompileError.
  Program compile_file(const std::string& path, const std::string& entry = "");
  Program compile_string(const std::string& name, const std::string& source,
                         const std::string& entry = "");

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace plumb
