// run_process: posix_spawn into a new process group with the signal mask and dispositions
// reset, a poll() loop over stdout, stderr and stdin, and the watch that stops the group.
// Writes to stdin block SIGPIPE on the calling thread, so a child that exits without reading
// its input cannot kill plumb.
#include "stdlib/process.hpp"

#include "stdlib/support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <mutex>
#include <set>

extern char** environ;

namespace plumb::stdlib {

namespace {

using Clock = std::chrono::steady_clock;

// After SIGTERM on a cancellation, the group gets SIGKILL this much later.
constexpr double kTermGrace = 1.0;
// After SIGKILL, output still buffered is read for at most this long (a process that left the
// group may keep the pipes open).
constexpr double kDrainGrace = 1.0;

// The process groups of the children running now.
struct RunningGroups {
  std::mutex mutex;
  std::set<pid_t> groups;
};

RunningGroups& running() {
  static RunningGroups groups;
  return groups;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct Output {
  int fd = -1;
  std::string data;
  bool truncated = false;
};

struct Input {
  int fd = -1;
  std::string_view rest;
};

// Reads what is available; closes the descriptor at end of file.
void drain(Output& output) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(output.fd, buffer, sizeof buffer);
    if (n > 0) {
      std::size_t room = kMaxProcessCapture - std::min(kMaxProcessCapture, output.data.size());
      std::size_t take = std::min(room, static_cast<std::size_t>(n));
      output.data.append(buffer, take);
      if (take < static_cast<std::size_t>(n)) output.truncated = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    close_fd(output.fd);
    return;
  }
}

// Writes what the pipe takes without blocking; closes it when everything is written or the
// reader is gone. SIGPIPE is blocked meanwhile and a SIGPIPE this write raised is consumed.
void feed(Input& input) {
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  sigset_t pending;
  sigpending(&pending);
  const bool already_pending = sigismember(&pending, SIGPIPE) == 1;
  while (!input.rest.empty()) {
    ssize_t n = ::write(input.fd, input.rest.data(), input.rest.size());
    if (n > 0) {
      input.rest.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n < 0 && errno == EPIPE && !already_pending) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_signal, nullptr, &no_wait) < 0 && errno == EINTR) {
      }
    }
    input.rest = {};
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (input.rest.empty()) close_fd(input.fd);
}

// plumb's environment with the spec's variables set or removed.
std::vector<std::string> child_environment(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    env.emplace_back(*e);
  for (const auto& [name, value] : spec.env) {
    const std::string prefix = name + "=";
    std::erase_if(env, [&](const std::string& entry) { return entry.starts_with(prefix); });
    if (value) env.push_back(prefix + *value);
  }
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// A pipe with O_CLOEXEC on both ends; the parent's end is made non-blocking by the caller.
void open_pipe(const StageContext& ctx, int (&fds)[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0)
    ctx.fail("cannot create a pipe: " + describe_errno(errno), true);
}

struct Child {
  pid_t pid = -1;
  Output out;
  Output err;
  Input in;
};

Child spawn(const StageContext& ctx, const ProcessSpec& spec) {
  Child child;
  int out[2] = {-1, -1}, err[2] = {-1, -1}, in[2] = {-1, -1};
  auto close_all = [&] {
    for (int* fd : {&out[0], &out[1], &err[0], &err[1], &in[0], &in[1]})
      close_fd(*fd);
  };
  try {
    open_pipe(ctx, out);
    open_pipe(ctx, err);
    if (spec.input) open_pipe(ctx, in);
  } catch (...) {
    close_all();
    throw;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (spec.input) {
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  }
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (spec.cwd) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd->c_str());
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
  std::vector<std::string> argv = spec.argv;
  std::vector<char*> argv_pointers = pointers(argv);
  std::vector<std::string> env = child_environment(spec);
  std::vector<char*> env_pointers = pointers(env);
  int error = 0;
  {
    // Registered under the lock, so a signal sent to every running group cannot miss it.
    std::lock_guard lock(running().mutex);
    error = ::posix_spawnp(&child.pid, argv[0].c_str(), &actions, &attr, argv_pointers.data(),
                           env_pointers.data());
    if (error == 0) running().groups.insert(child.pid);
  }
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close_fd(out[1]);
  close_fd(err[1]);
  close_fd(in[0]);
  if (error != 0) {
    close_all();
    ctx.fail("cannot run " + quote(spec.argv[0]) + ": " + describe_errno(error),
             transient_errno(error));
  }
  child.out.fd = out[0];
  child.err.fd = err[0];
  child.in.fd = in[1];
  if (spec.input) child.in.rest = *spec.input;
  for (int fd : {child.out.fd, child.err.fd, child.in.fd}) {
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  return child;
}

// Reaps the child if it has ended (and forgets its group); true when it has.
bool reap(pid_t pid, int& status) {
  std::lock_guard lock(running().mutex);
  pid_t done = ::waitpid(pid, &status, WNOHANG);
  if (done == pid || (done < 0 && errno != EINTR)) {
    running().groups.erase(pid);
    return true;
  }
  return false;
}

}  // namespace

ProcessResult run_process(const StageContext& ctx, const ProcessSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty()) ctx.fail("no program to run");
  ProcessResult result;
  const auto start = Clock::now();
  const double budget = std::min(spec.timeout, ctx.seconds_left());
  const ProcessStop budget_stop =
      spec.timeout <= ctx.seconds_left() ? ProcessStop::Timeout : ProcessStop::Deadline;
  Child child = spawn(ctx, spec);
  const pid_t pid = child.pid;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  double terminated_at = -1;
  double killed_at = -1;
  auto kill_group = [&](int signal, double now, double& at) {
    ::kill(-pid, signal);
    at = now;
  };
  // Stops the group once the budget is spent or the node is cancelled.
  auto watch = [&] {
    const double now = elapsed();
    if (result.stop == ProcessStop::None) {
      if (ctx.cancelled()) {
        result.stop = ProcessStop::Cancelled;
        kill_group(SIGTERM, now, terminated_at);
      } else if (now >= budget) {
        result.stop = budget_stop;
        kill_group(SIGKILL, now, killed_at);
      }
    } else if (killed_at < 0 && now - terminated_at >= kTermGrace) {
      kill_group(SIGKILL, now, killed_at);
    }
  };
  while (child.out.fd >= 0 || child.err.fd >= 0) {
    watch();
    if (killed_at >= 0 && elapsed() - killed_at > kDrainGrace) break;
    std::array<pollfd, 3> fds{};
    nfds_t count = 0;
    for (int fd : {child.out.fd, child.err.fd})
      if (fd >= 0) fds[count++] = pollfd{fd, POLLIN, 0};
    if (child.in.fd >= 0) fds[count++] = pollfd{child.in.fd, POLLOUT, 0};
    double wait =
        result.stop == ProcessStop::None ? std::clamp(budget - elapsed(), 0.001, 0.05) : 0.05;
    int ready = ::poll(fds.data(), count, static_cast<int>(std::ceil(wait * 1000)));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t i = 0; ready > 0 && i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == child.in.fd) {
        feed(child.in);
      } else {
        drain(fds[i].fd == child.out.fd ? child.out : child.err);
      }
    }
  }
  close_fd(child.out.fd);
  close_fd(child.err.fd);
  close_fd(child.in.fd);
  int status = 0;
  for (int pause_us = 500; !reap(pid, status); pause_us = std::min(pause_us * 2, 20000)) {
    watch();  // the program closed its outputs but is still running
    ::usleep(static_cast<useconds_t>(pause_us));
  }
  if (WIFEXITED(status)) {
    result.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.code = 128 + result.signal;
  }
  result.out = std::move(child.out.data);
  result.err = std::move(child.err.data);
  result.truncated = child.out.truncated || child.err.truncated;
  return result;
}

int signal_running_processes(int signal) {
  std::lock_guard lock(running().mutex);
  int count = 0;
  for (pid_t group : running().groups) {
    if (::kill(-group, signal) == 0) ++count;
  }
  return count;
}

}  // namespace plumb::stdlib
