// read_source: stat the path, refuse anything but a regular file, open it with O_NONBLOCK (so
// that a FIFO swapped in after the stat cannot block the open), check the opened file again
// and read it in blocks up to the size limit.
#include "compiler/diag/read_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "compiler/diag/source.hpp"

namespace plumb::diag {
namespace {

std::string describe_errno(int error) {
  switch (error) {
    case ENOENT:
      return "no such file";
    case ELOOP:
      return "its symbolic links form a loop (or are nested too deeply)";
    case EACCES:
      return "permission denied";
    case ENOTDIR:
      return "a part of the path is not a folder";
    case ENAMETOOLONG:
      return "the path is too long";
    default: {
      std::string text = std::generic_category().message(error);
      if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z')
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
      return text;
    }
  }
}

// Why a file of this type is not read, or empty for a regular file.
std::string refuse_type(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
  if (S_ISCHR(mode)) return "is a character device, not a regular file";
  if (S_ISBLK(mode)) return "is a block device, not a regular file";
  if (S_ISSOCK(mode)) return "is a socket, not a regular file";
  return "is not a regular file";
}

const std::string kTooLarge = "is larger than 256 MiB";
static_assert(kMaxSourceBytes == 256u << 20, "kTooLarge names the limit");

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

bool read_source(const std::string& path, std::string& text, std::string& error) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    error = describe_errno(errno);
    return false;
  }
  error = refuse_type(info.st_mode);
  if (!error.empty()) return false;
  if (static_cast<std::uint64_t>(info.st_size) > kMaxSourceBytes) {
    error = kTooLarge;
    return false;
  }
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    error = describe_errno(errno);
    return false;
  }
  // The path may name another file by now.
  if (::fstat(fd.get(), &info) != 0) {
    error = describe_errno(errno);
    return false;
  }
  error = refuse_type(info.st_mode);
  if (!error.empty()) return false;
  text.clear();
  text.reserve(static_cast<std::size_t>(info.st_size));
  // Bounded even for a file that grows while it is read (or one under /proc, whose size is 0).
  char block[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd.get(), block, sizeof block);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      error = describe_errno(errno);
      return false;
    }
    if (text.size() + static_cast<std::size_t>(n) > kMaxSourceBytes) {
      error = kTooLarge;
      return false;
    }
    text.append(block, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace plumb::diag
