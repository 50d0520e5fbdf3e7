// sys.* stages: sleeping, environment variables, shell commands and failing on purpose.
// sys.shell runs `/bin/sh -c CMD` in its own process group with stdin from /dev/null,
// drains stdout and stderr together with poll() (so neither pipe can fill up and block the
// child), and kills the whole group when its timeout, the node's deadline or a cancellation
// comes first.
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

extern char** environ;

namespace plumb::stdlib {

namespace {

using Clock = std::chrono::steady_clock;

// Output beyond this many bytes per stream is read and dropped.
constexpr std::size_t kMaxCapture = std::size_t{64} << 20;
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

void check_seconds(const StageContext& ctx, const Value& value) {
  if (!value.is_number()) return;
  double seconds = value.as_number();
  if (!std::isfinite(seconds) || seconds < 0) {
    ctx.fail("argument `seconds` must be a finite number >= 0, not " + format_seconds(seconds));
  }
}

void check_name(const StageContext& ctx, const Value& value) {
  if (!value.is_str()) return;
  std::string_view name = value.as_str();
  if (name.empty() || name.find('=') != std::string_view::npos) {
    ctx.fail("argument `name`: " + quote(name) + " is not a valid environment variable name");
  }
}

void check_timeout(const StageContext& ctx, const Value& value) {
  if (value.is_number() && !(value.as_number() > 0)) {
    ctx.fail("argument `timeout` must be > 0, not " + format_seconds(value.as_number()));
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

// A pipe whose read end the parent polls.
struct Pipe {
  int read = -1;
  int write = -1;
  std::string data;
  bool truncated = false;
};

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Reads what is available; closes the read end at end of file.
void drain(Pipe& pipe) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(pipe.read, buffer, sizeof buffer);
    if (n > 0) {
      std::size_t room = kMaxCapture - std::min(kMaxCapture, pipe.data.size());
      std::size_t take = std::min(room, static_cast<std::size_t>(n));
      pipe.data.append(buffer, take);
      if (take < static_cast<std::size_t>(n)) pipe.truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    close_fd(pipe.read);
    return;
  }
}

// Why the command was stopped early, if it was.
enum class Stop { None, Timeout, Deadline, Cancelled };

struct ShellRun {
  int code = 0;
  int signal = 0;
  Stop stop = Stop::None;
  Pipe out;
  Pipe err;
};

pid_t spawn_shell(const StageContext& ctx, const std::string& cmd, ShellRun& run) {
  for (Pipe* p : {&run.out, &run.err}) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      close_fd(run.out.read);
      close_fd(run.out.write);
      ctx.fail("cannot create a pipe: " + describe_errno(errno), true);
    }
    p->read = fds[0];
    p->write = fds[1];
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, run.out.write, 1);
  posix_spawn_file_actions_adddup2(&actions, run.err.write, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig :
       {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGXFSZ, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2}) {
    sigaddset(&defaults, sig);
  }
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::string arg0 = "sh", arg1 = "-c", arg2 = cmd;
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
  pid_t pid = -1;
  int error = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(run.out.write);
  close_fd(run.err.write);
  if (error != 0) {
    close_fd(run.out.read);
    close_fd(run.err.read);
    ctx.fail("cannot start /bin/sh: " + describe_errno(error), transient_errno(error));
  }
  for (int fd : {run.out.read, run.err.read}) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  return pid;
}

ShellRun run_command(const StageContext& ctx, const std::string& cmd, double timeout) {
  ShellRun run;
  const auto start = Clock::now();
  const double budget = std::min(timeout, ctx.seconds_left());
  const Stop budget_stop = timeout <= ctx.seconds_left() ? Stop::Timeout : Stop::Deadline;
  pid_t pid = spawn_shell(ctx, cmd, run);
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  double killed_at = -1;
  // Kills the process group once the budget is spent or the node is cancelled.
  auto watch = [&] {
    if (run.stop != Stop::None) return;
    double now = elapsed();
    Stop stop = ctx.cancelled() ? Stop::Cancelled : now >= budget ? budget_stop : Stop::None;
    if (stop == Stop::None) return;
    run.stop = stop;
    ::kill(-pid, SIGKILL);
    killed_at = now;
  };
  // After the group is killed, output still buffered is read for at most this long (a
  // process that left the group may keep the pipes open).
  constexpr double kGrace = 1.0;
  while (run.out.read >= 0 || run.err.read >= 0) {
    watch();
    if (run.stop != Stop::None && elapsed() - killed_at > kGrace) break;
    std::array<pollfd, 2> fds{};
    std::array<Pipe*, 2> owners{};
    nfds_t count = 0;
    for (Pipe* p : {&run.out, &run.err}) {
      if (p->read < 0) continue;
      owners[count] = p;
      fds[count++] = pollfd{p->read, POLLIN, 0};
    }
    double wait = run.stop == Stop::None ? std::clamp(budget - elapsed(), 0.001, 0.05) : 0.05;
    int ready = ::poll(fds.data(), count, static_cast<int>(std::ceil(wait * 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t i = 0; ready > 0 && i < count; ++i) {
      if (fds[i].revents != 0) drain(*owners[i]);
    }
  }
  close_fd(run.out.read);
  close_fd(run.err.read);
  int status = 0;
  for (int pause_us = 500;; pause_us = std::min(pause_us * 2, 20000)) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    watch();  // the shell closed its outputs but is still running
    ::usleep(static_cast<useconds_t>(pause_us));
  }
  if (WIFEXITED(status)) {
    run.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    run.signal = WTERMSIG(status);
    run.code = 128 + run.signal;
  }
  return run;
}

std::string stderr_excerpt(const std::string& err) {
  std::string_view text = err;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() <= kMessageStderr) return std::string(text);
  return "..." + std::string(text.substr(text.size() - kMessageStderr));
}

Value run_shell(StageContext& ctx) {
  std::string cmd(ctx.str_arg("cmd"));
  double timeout = ctx.float_arg("timeout");
  bool check = ctx.bool_arg("check");
  check_timeout(ctx, ctx.arg("timeout"));
  ShellRun run = run_command(ctx, cmd, timeout);
  ctx.set_attribute("process.exit.code", Value::integer(run.code));
  ctx.bytes(static_cast<std::int64_t>(run.out.data.size() + run.err.data.size()), 0);
  if (run.out.truncated || run.err.truncated) {
    ctx.set_attribute("plumb.shell.truncated", Value::boolean(true));
  }
  switch (run.stop) {
    case Stop::Cancelled:
      throw StageError("sys.shell: cancelled", "cancelled", false);
    case Stop::Timeout:
      throw StageError("sys.shell: command " + short_command(cmd) + " timed out after " +
                           format_seconds(timeout),
                       "timeout", true);
    case Stop::Deadline:
      throw StageError("sys.shell: command " + short_command(cmd) +
                           " was killed when the node's time limit ran out",
                       "timeout", true);
    case Stop::None:
      break;
  }
  if (check && run.code != 0) {
    std::string message = "command " + short_command(cmd);
    message += run.signal != 0 ? " was killed by signal " + std::to_string(run.signal)
                               : " exited with code " + std::to_string(run.code);
    std::string excerpt = stderr_excerpt(run.err.data);
    message += excerpt.empty() ? " (no stderr)" : ": " + excerpt;
    ctx.fail(message, true);
  }
  return make_record({{"code", Value::integer(run.code)},
                      {"stdout", Value::string(run.out.data)},
                      {"stderr", Value::string(run.err.data)}});
}

}  // namespace

void register_sys(StageRegistry& registry) {
  registry.add(make_stage("sys.sleep", {required("seconds", Type::number(), "seconds to sleep")},
                          Type::null(), Purity::Volatile,
                          "sleep for a number of seconds (cancellable)", run_sleep,
                          constant_checks("sys.sleep", {{"seconds", check_seconds}})));
  registry.add(
      make_stage("sys.env",
                 {required("name", Type::string(), "variable name"),
                  optional("default", Type::nullable(Type::string()), Value(), "value when unset")},
                 Type::nullable(Type::string()), Purity::Volatile,
                 "the value of an environment variable, or `default` when it is unset", run_env,
                 constant_checks("sys.env", {{"name", check_name}})));
  registry.add(make_stage(
      "sys.shell",
      {required("cmd", Type::string(), "command for /bin/sh -c"),
       optional("timeout", Type::number(), Value::number(60),
                "seconds before the command is killed"),
       optional("check", Type::boolean(), Value::boolean(true), "fail on a non-zero exit code")},
      Type::record(), Purity::Effect,
      "run a shell command; returns {code, stdout, stderr} (code 128+N when killed by signal N)",
      run_shell, constant_checks("sys.shell", {{"timeout", check_timeout}})));
  registry.add(make_stage("sys.fail", {required("msg", Type::string(), "the error message")},
                          Type::null(), Purity::Volatile,
                          "always fail the node with `msg` (retryable, for testing error paths)",
                          run_fail));
}

}  // namespace plumb::stdlib
