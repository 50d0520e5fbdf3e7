// `plumb run FILE`: compile and run a pipeline; print its result as JSON on stdout, errors on
// stderr. Exit 0 on success, 1 when the run fails or a requested output (the result, a trace
// file) could not be written completely, 2 for usage and compile errors, 128+N when signal N
// (SIGINT, SIGTERM, SIGHUP) cancelled it (signals.hpp).
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include <plumb/plumb.hpp>

#include "runtime/api/tooling.hpp"
#include "runtime/telemetry/baggage.hpp"
#include "runtime/telemetry/ids.hpp"
#include "tools/plumb/cli.hpp"
#include "tools/plumb/dry_run.hpp"
#include "tools/plumb/signals.hpp"
#include "tools/plumb/store_cli.hpp"

namespace plumb::cli {

namespace {

struct RunFlags {
  std::string file;
  std::string entry;
  std::vector<std::string> args;
  Backend backend = Backend::Auto;
  int jit_opt = 2;
  int threads = 0;
  diag::ShownLimits shown;
  std::string trace_out;
  bool summary = false;
  bool no_summary = false;
  bool dry_run = false;
  std::string traceparent;
  std::string store;
  bool no_store = false;
  std::string baggage;
  TelemetryOptions telemetry;
};

// `NAME=VALUE`: the value is JSON when it parses as JSON, else the text itself.
std::pair<std::string, Value> parse_arg(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ArgumentError("--arg needs NAME=VALUE, not `" + text + "`");
  }
  std::string value = text.substr(eq + 1);
  try {
    return {text.substr(0, eq), parse_json(value)};
  } catch (const JsonError&) {
    return {text.substr(0, eq), Value::string(value)};
  }
}

// The parent context: --traceparent (invalid: a usage error, thrown by Program::run), else
// TRACEPARENT, which is ignored with a warning when invalid (as OpenTelemetry propagators
// ignore an invalid header) so the run starts a new trace.
std::string parent_context(const RunFlags& flags) {
  if (!flags.traceparent.empty()) return flags.traceparent;
  const char* env = std::getenv("TRACEPARENT");
  if (!env || !*env) return {};
  if (telemetry::parse_traceparent(env)) return env;
  std::cerr << "plumb: warning: ignoring TRACEPARENT=`" << env
            << "`: not a W3C traceparent (00-<32 hex digits>-<16 hex digits>-<2 hex digits>); "
               "the run starts a new trace\n";
  return {};
}

// Writes the result on stdout; false, with the reason on stderr, when it could not be
// written completely (a full disk, /dev/full, a closed pipe).
bool print_result(const Value& value) {
  errno = 0;
  std::cout << to_json(value) << std::endl;
  if (std::cout) return true;
  const int error = errno;
  std::cerr << "plumb: error: cannot write the result to stdout: "
            << (error != 0 ? std::strerror(error) : "write error") << '\n';
  return false;
}

// The run's baggage: --baggage, else $BAGGAGE when it is valid (an invalid variable is
// ignored with a warning, as OpenTelemetry propagators ignore a malformed header).
std::string run_baggage(const RunFlags& flags) {
  if (!flags.baggage.empty()) return flags.baggage;
  const char* env = std::getenv("BAGGAGE");
  if (env == nullptr) return {};
  std::string problem;
  if (telemetry::parse_baggage(env, &problem)) return env;
  std::cerr << "plumb: warning: ignoring BAGGAGE: " << problem << '\n';
  return {};
}

int compile_and_run(const RunFlags& flags, const std::shared_ptr<RunCancellation>& cancel) {
  EngineOptions options;
  options.execution = BackendOptions{flags.backend, flags.jit_opt, ".plumb/jit-cache"};
  options.threads = flags.threads;
  options.limits.how_to_show_all = flags.shown.how_to_show_all;
  options.limits.errors_shown = flags.shown.errors;
  options.limits.warnings_shown = flags.shown.warnings;
  options.telemetry = flags.telemetry;
  options.telemetry.chrome_trace_path = flags.trace_out;
  std::optional<StoreForRun> store;
  if (!flags.no_store && !flags.dry_run) store.emplace(store_location(flags.store));
  // Its warning, if it cannot be opened, comes before anything else plumb prints.
  auto settle_store = [&store] {
    std::shared_ptr<RunStore> opened = store ? store->take() : nullptr;
    store.reset();
    return opened;
  };
  try {
    Engine engine(options);
    Program program = engine.compile_file(flags.file, flags.entry);
    if (auto opened = settle_store()) tooling::record_runs(program, std::move(opened));
    if (flags.dry_run) {
      print_plan(std::cout, tooling::module(program), tooling::entry_function(program));
      return kSuccess;
    }
    std::map<std::string, Value> args;
    for (const std::string& a : flags.args)
      args.insert(parse_arg(a));
    RunOptions run_options;
    run_options.traceparent = parent_context(flags);
    run_options.baggage = run_baggage(flags);
    run_options.cancel = cancel;
    Result result = program.run(args, run_options);
    bool show_summary = flags.summary || (!flags.no_summary && isatty(STDERR_FILENO));
    bool written = !result.ok() || print_result(result.value);
    if (result.status == Status::Cancelled) {
      std::cerr << "plumb: " << result.error->message << '\n';
    } else if (!result.ok()) {
      std::cerr << "plumb: error: " << result.error->describe() << '\n';
    }
    if (show_summary) std::cerr << result.summary();
    for (const std::string& error : engine.shutdown_telemetry()) {
      std::cerr << "plumb: error: " << error << '\n';
      written = false;
    }
    return result.ok() && written ? kSuccess : kRunFailure;
  } catch (const CompileError& e) {
    settle_store();
    std::string text = e.what();
    if (text.find(": error: ") == std::string::npos &&
        text.find("warning: ") == std::string::npos) {
      std::cerr << "plumb: error: " << text << '\n';
    } else {
      std::cerr << text;
    }
    return kUsageError;
  } catch (const ArgumentError& e) {
    settle_store();
    std::cerr << "plumb: error: " << e.what() << '\n';
    return kUsageError;
  } catch (const std::runtime_error& e) {
    settle_store();
    std::cerr << "plumb: error: " << e.what() << '\n';
    return kUsageError;
  }
}

int run_command(const RunFlags& flags) {
  // A reader that goes away makes writes fail with EPIPE, which is reported, instead of
  // killing plumb before it could say so or finish its trace files.
  std::signal(SIGPIPE, SIG_IGN);
  auto cancel = std::make_shared<RunCancellation>();
  // The run stops, then the engine's exporters flush and close (their own deadline), then a
  // margin; a stage that ignores cancellation cannot keep plumb alive longer.
  const auto deadline = std::chrono::milliseconds(
      static_cast<std::int64_t>(flags.telemetry.shutdown_timeout_seconds * 1000) + 3000);
  SignalGuard signals(cancel, deadline);
  const int code = compile_and_run(flags, cancel);
  return signals.received() != 0 ? 128 + signals.received() : code;
}

}  // namespace

void add_run(CLI::App& app, Action& run) {
  auto* cmd = app.add_subcommand("run", "run a pipeline and print its result as JSON");
  auto flags = std::make_shared<RunFlags>();
  cmd->add_option("FILE", flags->file, "the .pipe file")->required();
  cmd->add_option("--entry", flags->entry, "the pipeline to run (default: main, or the only one)");
  cmd->add_option("--arg", flags->args, "NAME=VALUE argument (JSON, or else text); repeatable");
  add_choice(cmd, "--backend", flags->backend,
             {{"auto", Backend::Auto}, {"interp", Backend::Interp}, {"jit", Backend::Jit}},
             "auto, interp or jit");
  cmd->add_option("--jit-opt", flags->jit_opt, "JIT optimisation level: 0 or 2")
      ->check(CLI::IsMember({0, 2}))
      ->capture_default_str();
  cmd->add_option("--threads", flags->threads, "worker threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  add_max_diagnostics(cmd, flags->shown);
  cmd->add_option("--trace-out", flags->trace_out, "write a Chrome trace JSON file (Perfetto)");
  cmd->add_flag("--summary", flags->summary, "print the run summary on stderr");
  cmd->add_flag("--no-summary", flags->no_summary, "no summary even on a terminal");
  cmd->add_flag("--dry-run", flags->dry_run, "print the execution plan and run nothing");
  add_store_option(cmd, flags->store);
  cmd->add_flag("--no-store", flags->no_store, "do not record the run in the run store")
      ->excludes("--store");
  cmd->add_option("--traceparent", flags->traceparent,
                  "W3C traceparent of the caller (default: $TRACEPARENT)");
  cmd->add_option("--baggage", flags->baggage,
                  "W3C baggage passed on to HTTP requests and child processes (default: $BAGGAGE)");
  TelemetryOptions& t = flags->telemetry;
  cmd->add_option("--otlp-endpoint", t.otlp_endpoint,
                  "send spans and logs over OTLP to this base URL "
                  "(default: $OTEL_EXPORTER_OTLP_ENDPOINT)");
  cmd->add_option("--otlp-protocol", t.otlp_protocol,
                  "grpc, http/protobuf or http/json (default: $OTEL_EXPORTER_OTLP_PROTOCOL, "
                  "else http/json)")
      ->check(CLI::IsMember({"grpc", "http/protobuf", "http/json"}));
  cmd->add_flag("--otlp-metrics", t.otlp_metrics,
                "export metrics over OTLP too, every $OTEL_METRIC_EXPORT_INTERVAL ms and at the "
                "end (as OTEL_METRICS_EXPORTER=otlp)");
  cmd->add_option("--otlp-file", t.otlp_file, "write spans as OTLP JSON Lines to this file");
  cmd->add_option("--metrics-port", t.metrics_port, "serve /metrics and /health on this port")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--metrics-addr", t.metrics_addr, "address of the metrics server")
      ->capture_default_str();
  cmd->add_option("--push-gateway", t.push_gateway,
                  "push the metrics to this Prometheus Pushgateway after the run");
  cmd->add_option("--push-job", t.push_job, "the Pushgateway job name")->capture_default_str();
  cmd->add_option("--influx-url", t.influx_url,
                  "push the metrics in Influx line protocol to URL/write after the run");
  cmd->add_option("--log-format", t.log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--log-level", t.log_level, "debug, info, warn or error (default: info)")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cmd->add_option("--log-file", t.log_file, "write logs to this file, rotated at 10 MiB");
  cmd->callback([&run, flags] { run = [flags] { return run_command(*flags); }; });
}

}  // namespace plumb::cli
