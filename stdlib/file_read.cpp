// Reading whole files for the io.* and vector.* stages, bounded in size and in time: a file
// larger than the read limit (StageContext::max_read_bytes, 1 GiB by default) is refused, a
// regular file is read in chunks with a cancellation check between them, and anything else (a
// FIFO, a character device such as /dev/zero or a terminal) is opened without blocking and
// read when poll() says it has data, so that a writer that never comes or never stops cannot
// hold the stage past its node's @timeout.
#include "stdlib/arguments.hpp"
#include "stdlib/file_descriptor.hpp"
#include "stdlib/files.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>

#include <algorithm>

namespace plumb::stdlib {

namespace {

// A regular file is read this much at a time between cancellation checks.
constexpr std::size_t kChunk = std::size_t{16} << 20;
// How long one wait for data from a FIFO or device lasts before cancellation is checked.
constexpr int kPollMilliseconds = 50;

[[noreturn]] void too_large(const StageContext& ctx, const std::string& path, std::uint64_t limit) {
  ctx.fail("cannot read " + quote(path) + ": larger than the read limit of " +
           describe_bytes(limit) + " (PLUMB_MAX_READ_BYTES raises it)");
}

// Waits until `fd` has data or its writer hung up, checking for cancellation.
void wait_readable(const StageContext& ctx, int fd) {
  for (;;) {
    ctx.throw_if_cancelled();
    pollfd ready{fd, POLLIN, 0};
    int n = ::poll(&ready, 1, kPollMilliseconds);
    if (n > 0 || (n < 0 && errno != EINTR)) return;  // a poll error shows again in read()
  }
}

}  // namespace

std::string describe_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024 || bytes % 1024 != 0) return std::to_string(bytes) + " bytes";
  int unit = 0;
  bytes /= 1024;
  while (unit < 3 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + " " + kUnits[unit];
}

std::string read_file(const StageContext& ctx, const std::string& path) {
  std::string data;
  if (!read_file_if_exists(ctx, path, data)) fail_errno(ctx, "read", path, ENOENT);
  return data;
}

bool read_file_if_exists(const StageContext& ctx, const std::string& path, std::string& data) {
  // O_NONBLOCK: opening a FIFO blocks until a writer opens it, with no way to cancel.
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0 && errno == ENOENT) return false;
  if (fd.get() < 0) fail_errno(ctx, "read", path, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) fail_errno(ctx, "read", path, errno);
  if (S_ISDIR(info.st_mode)) fail_errno(ctx, "read", path, EISDIR);
  // A limit beyond any memory is no limit (and keeps `limit + 1` from overflowing).
  const std::uint64_t limit = std::min(ctx.max_read_bytes(), std::uint64_t{1} << 62);
  const bool regular = S_ISREG(info.st_mode);
  std::size_t expected = 65536;  // devices, FIFOs and files that say they are empty (/proc)
  if (regular && info.st_size > 0) {
    if (static_cast<std::uint64_t>(info.st_size) > limit) too_large(ctx, path, limit);
    expected = static_cast<std::size_t>(info.st_size) + 1;
  }
  // Read straight into the string: sized to the file, grown if the file grows meanwhile.
  data.resize(static_cast<std::size_t>(std::min<std::uint64_t>(expected, limit + 1)));
  std::size_t filled = 0;
  for (;;) {
    if (filled == data.size()) {
      if (filled > limit) too_large(ctx, path, limit);
      data.resize(static_cast<std::size_t>(std::min<std::uint64_t>(data.size() * 2, limit + 1)));
    }
    if (regular) {
      ctx.throw_if_cancelled();
    } else {
      wait_readable(ctx, fd.get());
    }
    std::size_t want = std::min(data.size() - filled, kChunk);
    ssize_t n = ::read(fd.get(), data.data() + filled, want);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      fail_errno(ctx, "read", path, errno);
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled > limit) too_large(ctx, path, limit);
  data.resize(filled);
  return true;
}

}  // namespace plumb::stdlib
