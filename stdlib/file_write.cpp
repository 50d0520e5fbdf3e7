// Crash-safe file writes for the io.* and vector.* stages: the data goes to a temp file beside
// the target, `.<name>.tmp-<random>`, which is fsynced and renamed over the target.
#include "stdlib/file_descriptor.hpp"
#include "stdlib/support.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <random>

namespace plumb::stdlib {

namespace fs = std::filesystem;

namespace {

std::string random_suffix() {
  static std::atomic<std::uint64_t> counter{0};
  thread_local std::mt19937_64 engine{std::random_device{}() ^
                                      static_cast<std::uint64_t>(::getpid())};
  std::uint64_t bits = engine() ^ (counter.fetch_add(1) * 0x9e3779b97f4a7c15ULL);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (char& c : out) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return out;
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

  const fs::path temp = dir / ("." + name + ".tmp-" + random_suffix());
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
  return name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string_view::npos;
}

}  // namespace plumb::stdlib
