// Crash-safe file writes for the io.* and vector.* stages: the data goes to a temp file beside
// the target, named `.<name>.tmp-<host>-<pid>-<random>`, which is fsynced and renamed over
// the target. A writer killed before the rename (kill -9, a crash, a power cut) leaves its temp
// file behind; since the name says which process on which host wrote it, later writes into the
// same directory remove the temp files of writers on this host that no longer run.
#include "stdlib/file_descriptor.hpp"
#include "stdlib/files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <mutex>
#include <random>
#include <unordered_map>

namespace plumb::stdlib {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTempMark = ".tmp-";
constexpr std::size_t kRandomDigits = 16;
// The host name in temp names is cut to this many characters.
constexpr std::size_t kMaxHostInName = 64;  // so the temp name keeps room for the target
// A directory is searched for stale temp files at most this often by one process.
constexpr auto kSweepInterval = std::chrono::seconds(60);

// This host's name as temp names carry it: letters, digits, '.' and '-' only.
const std::string& host_in_names() {
  static const std::string host = [] {
    char buffer[256] = {};
    std::string out;
    if (::gethostname(buffer, sizeof buffer - 1) == 0) {
      for (const char* c = buffer; *c != '\0' && out.size() < kMaxHostInName; ++c) {
        bool allowed = std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '-';
        out += allowed ? *c : '_';
      }
    }
    return out.empty() ? std::string("localhost") : out;
  }();
  return host;
}

std::string random_suffix() {
  static std::atomic<std::uint64_t> counter{0};
  thread_local std::mt19937_64 engine{std::random_device{}() ^
                                      static_cast<std::uint64_t>(::getpid())};
  std::uint64_t bits = engine() ^ (counter.fetch_add(1) * 0x9e3779b97f4a7c15ULL);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kRandomDigits, '0');
  for (char& c : out) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return out;
}

// The target's name is cut short when the temp name would be longer than a file name may be.
std::string temp_name(const std::string& target) {
  constexpr std::size_t kMaxName = 255;
  std::string writer = std::string(kTempMark) + host_in_names() + "-" + std::to_string(::getpid()) +
                       "-" + random_suffix();
  std::size_t room = kMaxName - 1 - writer.size();
  return "." + target.substr(0, room) + writer;
}

// The writer of a temp file name: its host and pid; false for any other name (including the
// temp names of older versions, which carry no writer).
bool temp_writer(std::string_view name, std::string_view& host, pid_t& pid) {
  if (!is_temp_name(name) || name.size() < kRandomDigits + 2) return false;
  std::string_view rest = name.substr(0, name.size() - kRandomDigits);
  std::string_view random = name.substr(rest.size());
  if (random.find_first_not_of("0123456789abcdef") != std::string_view::npos) return false;
  if (!rest.ends_with('-')) return false;
  rest.remove_suffix(1);
  std::size_t dash = rest.rfind('-');
  std::size_t mark = rest.rfind(kTempMark, dash);
  if (dash == std::string_view::npos || mark == std::string_view::npos) return false;
  std::string_view digits = rest.substr(dash + 1);
  if (digits.empty() || digits.size() > 9) return false;
  pid = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    pid = pid * 10 + (c - '0');
  }
  host = rest.substr(mark + kTempMark.size(), dash - mark - kTempMark.size());
  return pid > 0;
}

bool process_gone(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// Whether `dir` is due for a search for stale temp files (at most once per kSweepInterval).
bool sweep_due(const fs::path& dir) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_sweep;
  constexpr std::size_t kMaxRemembered = 4096;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard guard(mutex);
  if (last_sweep.size() >= kMaxRemembered) last_sweep.clear();
  auto [it, added] = last_sweep.try_emplace(dir.string(), now);
  if (added) return true;
  if (now - it->second < kSweepInterval) return false;
  it->second = now;
  return true;
}

// Removes the temp files in `dir` whose writers ran on this host and have exited.
void remove_stale_temps(const fs::path& dir) {
  if (!sweep_due(dir)) return;
  DIR* listing = ::opendir(dir.empty() ? "." : dir.c_str());
  if (listing == nullptr) return;
  while (const dirent* entry = ::readdir(listing)) {
    std::string_view name = entry->d_name;
    std::string_view host;
    pid_t pid = 0;
    if (temp_writer(name, host, pid) && host == host_in_names() && process_gone(pid)) {
      ::unlinkat(::dirfd(listing), entry->d_name, 0);
    }
  }
  ::closedir(listing);
}

// Writes all of `data`; returns 0 or an errno value.
int write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

// fsync()s a directory so a rename inside it is durable.
void sync_directory(const fs::path& dir) {
  FileDescriptor fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

}  // namespace

std::int64_t write_file_atomic(const StageContext& ctx, const fs::path& path,
                               std::string_view data) {
  const std::string shown = path.string();
  const fs::path dir = path.parent_path();
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") fail_errno(ctx, "write", shown, EISDIR);
  make_directories(ctx, dir);
  remove_stale_temps(dir);

  const fs::path temp = dir / temp_name(name);
  FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.get() < 0) fail_errno(ctx, "write", shown, errno);
  auto fail_and_remove = [&](int error) {
    ::unlink(temp.c_str());
    fail_errno(ctx, "write", shown, error);
  };
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
    ::fchmod(fd.get(), existing.st_mode & 07777);
  }
  if (int error = write_all(fd.get(), data)) fail_and_remove(error);
  if (::fsync(fd.get()) != 0) fail_and_remove(errno);
  if (int error = fd.close_now()) fail_and_remove(error);
  if (::rename(temp.c_str(), path.c_str()) != 0) fail_and_remove(errno);
  sync_directory(dir);
  return static_cast<std::int64_t>(data.size());
}

bool is_temp_name(std::string_view name) {
  return name.size() > 1 && name[0] == '.' && name.find(kTempMark) != std::string_view::npos;
}

}  // namespace plumb::stdlib
