// Process metrics from /proc/self/stat, /proc/self/fd and getrlimit.
#include "runtime/telemetry/process_metrics.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace plumb::telemetry {

namespace {

int open_fds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return 0;
  int count = 0;
  while (dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the descriptor of the listing itself
}

double boot_time() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

}  // namespace

void describe_process_metrics(MetricsRegistry& r) {
  r.describe("process_cpu_seconds_total", MetricKind::Counter,
             "Total user and system CPU time spent in seconds.");
  r.describe("process_resident_memory_bytes", MetricKind::Gauge, "Resident memory size in bytes.");
  r.describe("process_virtual_memory_bytes", MetricKind::Gauge, "Virtual memory size in bytes.");
  r.describe("process_open_fds", MetricKind::Gauge, "Number of open file descriptors.");
  r.describe("process_max_fds", MetricKind::Gauge, "Maximum number of open file descriptors.");
  r.describe("process_start_time_seconds", MetricKind::Gauge,
             "Start time of the process since unix epoch in seconds.");
}

void record_process_metrics(MetricsRegistry& r) {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const auto close = stat.rfind(')');
  if (close != std::string::npos) {
    std::istringstream fields(stat.substr(close + 2));
    std::vector<std::string> f;
    for (std::string word; fields >> word;)
      f.push_back(word);
    if (f.size() > 21) {
      const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
      const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
      // f[0] is field 3: utime is field 14, stime 15, starttime 22, vsize 23, rss 24.
      r.set(MetricKind::Counter, "process_cpu_seconds_total",
            (std::stod(f[11]) + std::stod(f[12])) / ticks, {});
      r.set(MetricKind::Gauge, "process_start_time_seconds", boot_time() + std::stod(f[19]) / ticks,
            {});
      r.set(MetricKind::Gauge, "process_virtual_memory_bytes", std::stod(f[20]), {});
      r.set(MetricKind::Gauge, "process_resident_memory_bytes", std::stod(f[21]) * page, {});
    }
  }
  r.set(MetricKind::Gauge, "process_open_fds", open_fds(), {});
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    r.set(MetricKind::Gauge, "process_max_fds", static_cast<double>(limit.rlim_cur), {});
  }
}

}  // namespace plumb::telemetry
