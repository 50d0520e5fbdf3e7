// Engine: the registry with the standard library, the runtime configured from the options
// and the OpenTelemetry environment variables, and compilation through the driver.
#include <cstdlib>
#include <sstream>

#include "base/invariant/check.hpp"
#include "compiler/driver/compilation.hpp"
#include "runtime/api/engine_impl.hpp"
#include "runtime/exec/run_metrics.hpp"
#include "runtime/store/sinks.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb {

namespace {

bool sdk_disabled() {
  const char* value = std::getenv("OTEL_SDK_DISABLED");
  if (!value) return false;
  std::string text(value);
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text == "true";
}

Diagnostic public_diagnostic(const diag::SourceManager& sources, const diag::Loc& loc,
                             diag::Severity severity, std::string_view kind,
                             const std::string& message) {
  Diagnostic d;
  if (loc.valid()) {
    d.file = sources.file(loc.file).path();
    d.line = loc.line;
    d.column = loc.col;
  }
  d.severity = diag::severity_name(severity);
  d.kind = kind;
  d.message = message;
  return d;
}

// The compilation's diagnostics of at least `least` severity, as render() orders them.
std::vector<Diagnostic> public_diagnostics(driver::Compilation& compilation, diag::Severity least) {
  std::vector<Diagnostic> out;
  for (const diag::Diagnostic* d : compilation.diagnostics().ordered()) {
    if (d->severity < least) continue;
    Diagnostic& added = out.emplace_back(public_diagnostic(
        compilation.sources(), d->loc, d->severity, diag::info(d->kind).name, d->message));
    for (const diag::Note& note : d->notes) {
      added.notes.push_back(public_diagnostic(compilation.sources(), note.loc, diag::Severity::Note,
                                              {}, note.message));
    }
  }
  return out;
}

// Why the engine records no spans at all, or empty.
std::string tracing_off(const TelemetryOptions& options) {
  if (!options.enabled) return "tracing is off (TelemetryOptions::enabled)";
  if (sdk_disabled()) return "OTEL_SDK_DISABLED=true";
  return {};
}

telemetry::ExportOptions export_options(const TelemetryOptions& o) {
  telemetry::ExportOptions e;
  e.otlp_endpoint = o.otlp_endpoint;
  e.otlp_protocol = o.otlp_protocol;
  e.otlp_metrics = o.otlp_metrics;
  e.otlp_file = o.otlp_file;
  e.chrome_trace_path = o.chrome_trace_path;
  e.metrics_addr = o.metrics_addr;
  e.metrics_port = o.metrics_port;
  e.push_gateway = o.push_gateway;
  e.push_job = o.push_job;
  e.influx_url = o.influx_url;
  e.log_format = o.log_format;
  e.log_level = o.log_level;
  e.log_file = o.log_file;
  e.log_file_max_bytes = o.log_file_max_bytes;
  e.log_file_max_files = o.log_file_max_files;
  e.redact_keys = o.redact_keys;
  e.trace_io = o.trace_io;
  e.shutdown_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(o.shutdown_timeout_seconds * 1000));
  e.max_series_per_metric = o.max_series_per_metric;
  return e;
}

// The settings given in code or on the command line that a child process would not find in
// the environment it inherits.
exec::Runtime::Environment child_telemetry_environment(const TelemetryOptions& o) {
  exec::Runtime::Environment env;
  if (!o.otlp_endpoint.empty()) env.emplace_back("OTEL_EXPORTER_OTLP_ENDPOINT", o.otlp_endpoint);
  if (!o.enabled) env.emplace_back("OTEL_SDK_DISABLED", "true");
  return env;
}

}  // namespace

Engine::Impl::Impl(const EngineOptions& options)
    : runtime(exec::RuntimeOptions{options.threads, tracing_off(options.telemetry),
                                   options.limits.max_read_bytes}),
      execution(options.execution),
      jit(jit::Options{options.execution.jit_opt_level, options.execution.jit_cache_dir}),
      shown{options.limits.errors_shown, options.limits.warnings_shown,
            options.limits.how_to_show_all} {
  stdlib::register_all(registry);
  exec::describe_builtin_metrics(runtime.metrics());
  exports = std::make_unique<telemetry::Exports>(export_options(options.telemetry),
                                                 runtime.telemetry(), runtime.metrics());
  runtime.set_log_sink(exports->log_sink());
  if (options.store) record_into(options.store);
  runtime.set_child_environment(child_telemetry_environment(options.telemetry));
}

void Engine::Impl::record_into(std::shared_ptr<RunStore> run_store) {
  PLUMB_CHECK(run_store != nullptr && store == nullptr, "an engine records into one store");
  // The store receives every span of the engine's runs (it keeps those of the runs it
  // records) and their warning and error logs.
  store = std::move(run_store);
  runtime.telemetry().add_exporter(
      std::make_shared<store::StoreSpanSink>(store, exports->redactor()));
  runtime.set_log_sink(
      std::make_shared<telemetry::FanoutLogSink>(std::vector<std::shared_ptr<telemetry::LogSink>>{
          exports->log_sink(), std::make_shared<store::StoreLogSink>(store, exports->redactor())}));
}

Program Engine::Impl::compile(const std::string& name, const std::string* source,
                              const std::string& entry) {
  std::lock_guard lock(registry_mutex);
  driver::Compilation compilation(registry);
  driver::CompileOptions options;
  options.file = name;
  if (source) options.source = *source;
  if (!compilation.compile(options)) {
    if (!compilation.read_error().empty()) throw CompileError(compilation.read_error());
    if (!compilation.verifier_errors().empty()) {
      throw std::logic_error("plumb internal error: " + compilation.verifier_errors().front());
    }
    std::ostringstream out;
    compilation.diagnostics().render(out, false, shown);
    throw CompileError(out.str(), public_diagnostics(compilation, diag::Severity::Warning));
  }
  std::shared_ptr<const ir::Module> module = compilation.take_module();
  auto impl = std::make_shared<Program::Impl>();
  impl->engine = shared_from_this();
  impl->file = name;
  std::vector<store::ProgramFile> files;
  for (std::size_t i = 0; i < compilation.sources().size(); ++i) {
    const diag::SourceFile& f = compilation.sources().file(static_cast<diag::FileId>(i));
    files.push_back(store::ProgramFile{f.path(), std::string(f.text())});
  }
  impl->sources = api::program_sources(std::move(files));
  impl->function = choose_entry(*module, entry);
  impl->entry = module->string(module->functions[impl->function].name);
  impl->module = module;
  impl->warnings = public_diagnostics(compilation, diag::Severity::Warning);
  impl->plan = exec::make_plan(module);
  if (execution.backend == Backend::Jit ||
      (execution.backend == Backend::Auto && jit::worth_compiling(*module))) {
    impl->plan = jit.compile(impl->plan);
    impl->backend = "jit";
  }
  return Program(std::move(impl));
}

Engine::Engine(EngineOptions options) : impl_(std::make_shared<Impl>(options)) {
}
Engine::~Engine() = default;

void Engine::register_stage(StageDef stage) {
  std::lock_guard lock(impl_->registry_mutex);
  impl_->registry.add(std::move(stage));
}

const StageRegistry& Engine::stages() const {
  return impl_->registry;
}

void Engine::add_observer(std::shared_ptr<Observer> observer) {
  impl_->runtime.add_observer(std::move(observer));
}

bool Engine::remove_observer(const std::shared_ptr<Observer>& observer) {
  return impl_->runtime.remove_observer(observer);
}

std::vector<std::string> Engine::shutdown_telemetry() {
  return impl_->exports->shutdown();
}

Program Engine::compile_file(const std::string& path, const std::string& entry) {
  return impl_->compile(path, nullptr, entry);
}

Program Engine::compile_string(const std::string& name, const std::string& source,
                               const std::string& entry) {
  return impl_->compile(name, &source, entry);
}

std::uint32_t choose_entry(const ir::Module& module, const std::string& wanted) {
  // Functions of the entry file come first and their locations name file 0.
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t i = 0; i < module.functions.size(); ++i) {
    if (module.functions[i].loc.file == 0) candidates.push_back(i);
  }
  auto named = [&](const std::string& n) -> std::optional<std::uint32_t> {
    for (std::uint32_t i : candidates) {
      if (module.string(module.functions[i].name) == n) return i;
    }
    return std::nullopt;
  };
  std::string names;
  for (std::uint32_t i : candidates) {
    names += (names.empty() ? "" : ", ") + ("`" + module.string(module.functions[i].name) + "`");
  }
  if (!wanted.empty()) {
    if (auto i = named(wanted)) return *i;
    throw CompileError("no pipeline `" + wanted + "` in the file; it defines " +
                       (names.empty() ? std::string("none") : names));
  }
  if (auto i = named("main")) return *i;
  if (candidates.size() == 1) return candidates[0];
  if (candidates.empty()) throw CompileError("the file defines no pipeline to run");
  throw CompileError("the file defines several pipelines (" + names +
                     ") and none is `main`; choose one with --entry");
}

}  // namespace plumb
