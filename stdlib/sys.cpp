// sys.* stages: sleeping, environment variables, running programs and failing on purpose.
// sys.exec runs a program with an argument list and no shell; sys.shell runs `/bin/sh -c CMD`.
// Both go through the process runner (process.hpp), give the child TRACEPARENT, BAGGAGE and
// the engine's OTEL_* settings so a plumb run it starts joins the trace, and return
// `{code, stdout, stderr}`. A NUL in a command, an argument, a variable or a directory is an
// error: the C strings a program receives would silently cut it off.
#include "stdlib/arguments.hpp"
#include "stdlib/files.hpp"
#include "stdlib/process.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"

#include <plumb/error.hpp>

#include "base/value/builtins.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace plumb::stdlib {

namespace {

// How much of stderr a failure message quotes (its end, where errors usually are).
constexpr std::size_t kMessageStderr = 2000;

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%gs", seconds);
  return buffer;
}

std::string short_command(std::string_view cmd) {
  constexpr std::size_t kMax = 80;
  if (cmd.size() <= kMax) return quote(cmd);
  return quote(std::string(cmd.substr(0, kMax)) + "...");
}

bool has_nul(std::string_view text) {
  return text.find('\0') != std::string_view::npos;
}

void check_seconds(const StageContext& ctx, const Value& value) {
  if (!value.is_number()) return;
  double seconds = value.as_number();
  if (!std::isfinite(seconds) || seconds < 0) {
    ctx.fail("argument `seconds` must be a finite number >= 0, not " + format_seconds(seconds));
  }
}

bool valid_variable_name(std::string_view name) {
  return !name.empty() && name.find('=') == std::string_view::npos && !has_nul(name);
}

void check_name(const StageContext& ctx, const Value& value) {
  if (!value.is_str()) return;
  std::string_view name = value.as_str();
  if (!valid_variable_name(name)) {
    ctx.fail("argument `name`: " + quote(name) + " is not a valid environment variable name");
  }
}

void check_timeout(const StageContext& ctx, const Value& value) {
  if (value.is_number() && !(value.as_number() > 0)) {
    ctx.fail("argument `timeout` must be > 0, not " + format_seconds(value.as_number()));
  }
}

void check_command(const StageContext& ctx, const Value& value) {
  if (value.is_str() && has_nul(value.as_str())) {
    ctx.fail("argument `cmd` contains a NUL character, which no command can hold");
  }
}

void check_argv(const StageContext& ctx, const Value& value) {
  if (!value.is_list()) return;
  std::span<const Value> items = value.as_list();
  if (items.empty()) ctx.fail("argument `argv` is empty; its first item names the program");
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string_view item = str_item(ctx, "argv", items, i);
    if (i == 0 && item.empty()) ctx.fail("argument `argv`: item 0 (the program) is empty");
    if (has_nul(item)) {
      ctx.fail("argument `argv`: item " + std::to_string(i) +
               " contains a NUL character, which no argument can hold");
    }
  }
}

void check_env(const StageContext& ctx, const Value& value) {
  if (!value.is_record()) return;
  std::span<const Value> values = value.field_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string_view name = value.shape().key(i);
    if (!valid_variable_name(name)) {
      ctx.fail("argument `env`: " + quote(name) + " is not a valid environment variable name");
    }
    if (!values[i].is_null() && !values[i].is_str()) {
      ctx.fail("argument `env`: `" + std::string(name) + "` must be a str or null, not " +
               std::string(type_name(values[i])));
    }
    if (values[i].is_str() && has_nul(values[i].as_str())) {
      ctx.fail("argument `env`: `" + std::string(name) + "` contains a NUL character");
    }
  }
}

void check_cwd(const StageContext& ctx, const Value& value) {
  if (value.is_str() && has_nul(value.as_str())) {
    ctx.fail("argument `cwd` contains a NUL character");
  }
}

Value run_sleep(StageContext& ctx) {
  double seconds = ctx.float_arg("seconds");
  check_seconds(ctx, ctx.arg("seconds"));
  if (!ctx.sleep_for(seconds)) throw StageError("sys.sleep: cancelled", "cancelled", false);
  return {};
}

Value run_env(StageContext& ctx) {
  std::string name(ctx.str_arg("name"));
  const Value& fallback = ctx.arg("default");
  if (!fallback.is_null() && !fallback.is_str()) {
    ctx.fail("argument `default` must be a str or null, not " + std::string(type_name(fallback)));
  }
  check_name(ctx, ctx.arg("name"));
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return fallback;
  ctx.read_variable(name, value);
  return Value::string(value);
}

Value run_fail(StageContext& ctx) {
  throw StageError(std::string(ctx.str_arg("msg")));
}

std::string stderr_excerpt(const std::string& err) {
  std::string_view text = err;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() <= kMessageStderr) return std::string(text);
  return "..." + std::string(text.substr(text.size() - kMessageStderr));
}

// The options sys.shell and sys.exec share: timeout, stdin, env and cwd.
ProcessSpec process_options(const StageContext& ctx) {
  ProcessSpec spec;
  spec.timeout = ctx.float_arg("timeout");
  check_timeout(ctx, ctx.arg("timeout"));
  const Value& input = ctx.arg("stdin");
  if (!input.is_null()) spec.input = std::string(ctx.str_arg("stdin"));
  for (auto& [name, value] : ctx.child_environment())
    spec.env.emplace_back(std::move(name), std::move(value));
  const Value& env = ctx.record_arg("env");
  check_env(ctx, env);
  std::span<const Value> values = env.field_values();
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::optional<std::string> value;
    if (values[i].is_str()) value = std::string(values[i].as_str());
    spec.env.emplace_back(std::string(env.shape().key(i)), std::move(value));
  }
  const Value& cwd = ctx.arg("cwd");
  if (!cwd.is_null()) {
    std::string dir(ctx.str_arg("cwd"));
    check_cwd(ctx, cwd);
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0) {
      ctx.fail("argument `cwd`: cannot use " + quote(dir) + ": " + describe_errno(errno));
    }
    if (!S_ISDIR(info.st_mode)) ctx.fail("argument `cwd`: " + quote(dir) + " is not a directory");
    spec.cwd = std::move(dir);
  }
  return spec;
}

// The process's result, or the stage's failure: stopped early, or (with `check`) a non-zero
// exit. `shown` names the command in messages.
Value process_result(StageContext& ctx, const ProcessSpec& spec, const std::string& shown) {
  ProcessResult run = run_process(ctx, spec);
  const std::string& stage = ctx.signature().name;
  ctx.set_attribute("process.exit.code", Value::integer(run.code));
  ctx.bytes(static_cast<std::int64_t>(run.out.size() + run.err.size()),
            spec.input ? static_cast<std::int64_t>(spec.input->size()) : 0);
  if (run.truncated) ctx.set_attribute("plumb.shell.truncated", Value::boolean(true));
  switch (run.stop) {
    case ProcessStop::Cancelled:
      throw StageError(stage + ": cancelled", "cancelled", false);
    case ProcessStop::Timeout:
      throw StageError(
          stage + ": command " + shown + " timed out after " + format_seconds(spec.timeout),
          "timeout", true);
    case ProcessStop::Deadline:
      throw StageError(
          stage + ": command " + shown + " was killed when the node's time limit ran out",
          "timeout", true);
    case ProcessStop::None:
      break;
  }
  if (ctx.bool_arg("check") && run.code != 0) {
    std::string message = "command " + shown;
    message += run.signal != 0 ? " was killed by signal " + std::to_string(run.signal)
                               : " exited with code " + std::to_string(run.code);
    std::string excerpt = stderr_excerpt(run.err);
    message += excerpt.empty() ? " (no stderr)" : ": " + excerpt;
    ctx.fail(message, true);
  }
  return make_record({{"code", Value::integer(run.code)},
                      {"stdout", Value::string(run.out)},
                      {"stderr", Value::string(run.err)}});
}

Value run_shell(StageContext& ctx) {
  std::string cmd(ctx.str_arg("cmd"));
  check_command(ctx, ctx.arg("cmd"));
  ProcessSpec spec = process_options(ctx);
  spec.argv = {"/bin/sh", "-c", cmd};
  return process_result(ctx, spec, short_command(cmd));
}

Value run_exec(StageContext& ctx) {
  std::span<const Value> argv = ctx.list_arg("argv");
  check_argv(ctx, ctx.arg("argv"));
  ProcessSpec spec = process_options(ctx);
  std::string line;
  for (const Value& item : argv) {
    spec.argv.emplace_back(item.as_str());
    line += (line.empty() ? "" : " ") + builtins::shell_quote(item.as_str());
  }
  std::string_view program = spec.argv[0];
  ctx.set_attribute("process.executable.name",
                    Value::string(program.substr(program.rfind('/') + 1)));
  return process_result(ctx, spec, short_command(line));
}

// The parameters after the command: what sys.shell and sys.exec share.
std::vector<Param> process_params(Param command) {
  return {std::move(command),
          optional("timeout", Type::number(), Value::number(60),
                   "seconds before the process group is killed"),
          optional("check", Type::boolean(), Value::boolean(true), "fail on a non-zero exit code"),
          optional("stdin", Type::nullable(Type::string()), Value(),
                   "written to the program's standard input (default: /dev/null)"),
          optional("env", Type::record(),
                   Value::record(std::span<const std::pair<std::string_view, Value>>()),
                   "variables set (str) or removed (null) on top of plumb's environment"),
          optional("cwd", Type::nullable(Type::string()), Value(),
                   "working directory (default: plumb's)")};
}

Type process_result_type() {
  RecordField fields[] = {
      {"code", Type::integer()}, {"stdout", Type::string()}, {"stderr", Type::string()}};
  return Type::record(fields);
}

std::vector<std::pair<std::string, ArgCheck>> process_checks(std::string command, ArgCheck check) {
  return {{std::move(command), std::move(check)},
          {"timeout", check_timeout},
          {"env", check_env},
          {"cwd", check_cwd}};
}

}  // namespace

void register_sys(StageRegistry& registry) {
  registry.add(make_stage("sys.sleep", {required("seconds", Type::number(), "seconds to sleep")},
                          Type::null(), Purity::Volatile,
                          "sleep for a number of seconds (cancellable)", run_sleep,
                          constant_checks("sys.sleep", {{"seconds", check_seconds}})));
  StageDef env =
      make_stage("sys.env",
                 {required("name", Type::string(), "variable name"),
                  optional("default", Type::nullable(Type::string()), Value(), "value when unset")},
                 Type::nullable(Type::string()), Purity::Volatile,
                 "the value of an environment variable, or `default` when it is unset", run_env,
                 constant_checks("sys.env", {{"name", check_name}}));
  env.signature.blocking = false;  // reads the process's environment, never waits
  registry.add(std::move(env));
  registry.add(make_stage(
      "sys.shell", process_params(required("cmd", Type::string(), "command for /bin/sh -c")),
      process_result_type(), Purity::Effect,
      "run a command with /bin/sh -c; returns {code, stdout, stderr} (code 128+N when killed by "
      "signal N); values put into `cmd` run as shell code: use sys.exec or shell_quote()",
      run_shell, constant_checks("sys.shell", process_checks("cmd", check_command))));
  registry.add(make_stage(
      "sys.exec",
      process_params(required("argv", Type::list(Type::string()),
                              "the program and its arguments, passed as they are (no shell)")),
      process_result_type(), Purity::Effect,
      "run a program without a shell; returns {code, stdout, stderr} like sys.shell", run_exec,
      constant_checks("sys.exec", process_checks("argv", check_argv))));
  StageDef fail =
      make_stage("sys.fail", {required("msg", Type::string(), "the error message")}, Type::null(),
                 Purity::Volatile,
                 "always fail the node with `msg` (retryable, for testing error paths)", run_fail);
  fail.signature.blocking = false;  // fails at once
  registry.add(std::move(fail));
}

}  // namespace plumb::stdlib
