// Process identity from Linux's /proc: the boot id, the pid namespace's inode and the start
// time in clock ticks since boot (field 22 of /proc/PID/stat).
#include "runtime/store/process_identity.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace plumb::store {

namespace {

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string pid_namespace() {
  char target[128];
  const ssize_t n = readlink("/proc/self/ns/pid", target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

struct Stat {
  char state = '?';
  std::string start;
};

// The state (field 3) and start time (field 22) of a process; nullopt when it does not exist.
std::optional<Stat> read_stat(std::int64_t pid) {
  const std::string text = first_line("/proc/" + std::to_string(pid) + "/stat");
  const std::size_t close = text.rfind(')');  // the command name may hold spaces and ')'
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  Stat stat;
  std::string field;
  fields >> stat.state;
  for (int number = 4; number <= 22 && fields >> field; ++number) {
    if (number == 22) stat.start = field;
  }
  if (stat.start.empty()) return std::nullopt;
  return stat;
}

std::string boot_and_namespace() {
  const std::string boot = first_line("/proc/sys/kernel/random/boot_id");
  const std::string space = pid_namespace();
  if (boot.empty() || space.empty()) return "";
  return boot + ":" + space;
}

ProcessIdentity identify() {
  ProcessIdentity self;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) self.host = host;
  self.pid = getpid();
  const std::string where = boot_and_namespace();
  const auto stat = read_stat(self.pid);
  if (!where.empty() && stat) self.key = where + ":" + std::to_string(self.pid) + ":" + stat->start;
  return self;
}

}  // namespace

const ProcessIdentity& this_process() {
  static const ProcessIdentity self = identify();
  return self;
}

std::optional<bool> process_gone(const std::string& key) {
  const std::string& mine = this_process().key;
  const std::string where = boot_and_namespace();
  if (key.empty() || mine.empty() || key.rfind(where + ":", 0) != 0) return std::nullopt;
  const std::string rest = key.substr(where.size() + 1);  // pid:start
  const std::size_t colon = rest.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::int64_t pid = std::stoll(rest.substr(0, colon));
  const auto stat = read_stat(pid);
  return !stat || stat->state == 'Z' || stat->state == 'X' || stat->start != rest.substr(colon + 1);
}

}  // namespace plumb::store
