// The process runner behind sys.shell and sys.exec: starts a program with an argument vector
// (never through a shell unless the argv names one) in its own process group, with stdin from
// a string or /dev/null, extra environment variables and a working directory; drains stdout
// and stderr (and feeds stdin) with poll() so no pipe can fill up and block the child; stops
// the group when its timeout, the node's deadline or a cancellation comes first. Every running
// group is registered, so the command line can kill the children left when it must exit.
#pragma once

#include <plumb/stage.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace plumb::stdlib {

struct ProcessSpec {
  // argv[0] is the program: a path when it contains a slash, else searched in PATH.
  std::vector<std::string> argv;
  // Set on top of plumb's own environment, in order (a later entry wins); nullopt unsets.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  std::optional<std::string> cwd;    // none: plumb's working directory
  std::optional<std::string> input;  // written to stdin, then closed; none: /dev/null
  double timeout = 60;               // seconds
};

// Why the process was stopped before it ended by itself.
enum class ProcessStop { None, Timeout, Deadline, Cancelled };

struct ProcessResult {
  int code = 0;    // exit code, or 128+N when killed by signal N
  int signal = 0;  // the signal that killed it, if one did
  ProcessStop stop = ProcessStop::None;
  std::string out;
  std::string err;
  bool truncated = false;  // stdout or stderr went over the capture limit
};

// Output beyond this many bytes per stream is read and dropped.
inline constexpr std::size_t kMaxProcessCapture = std::size_t{64} << 20;

// Runs the process to its end. On a timeout or deadline the group gets SIGKILL; on a
// cancellation it gets SIGTERM, then SIGKILL after a second, so a child (another plumb, say)
// can flush what it was writing. Fails the stage when the program cannot be started (not
// found, not executable, bad working directory).
ProcessResult run_process(const StageContext& ctx, const ProcessSpec& spec);

// Sends `signal` to the process group of every child still running; returns how many.
int signal_running_processes(int signal);

}  // namespace plumb::stdlib
