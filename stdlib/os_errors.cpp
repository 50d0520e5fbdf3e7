// OS errors in stage messages: short lowercase descriptions of errno values, which of them
// are transient (retryable), and creating directories with such messages (files.hpp).
#include "stdlib/files.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "stdlib/arguments.hpp"

namespace plumb::stdlib {

namespace fs = std::filesystem;

std::string describe_errno(int error) {
  switch (error) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    case ENOTDIR:
      return "not a directory";
    case ENOSPC:
      return "no space left on device";
    case EDQUOT:
      return "disk quota exceeded";
    case EROFS:
      return "read-only file system";
    case EFBIG:
      return "file too large";
    case EEXIST:
      return "already exists";
    case ENAMETOOLONG:
      return "name too long";
    case ELOOP:
      return "too many symbolic links";
    case EIO:
      return "input/output error";
    default:
      break;
  }
  std::string text = std::strerror(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

bool transient_errno(int error) {
  switch (error) {
    case EAGAIN:
    case EINTR:
    case EIO:
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
    case ENOMEM:
    case EBUSY:
    case ETIMEDOUT:
      return true;
    default:
      return false;
  }
}

void fail_errno(const StageContext& ctx, std::string_view verb, std::string_view path, int error) {
  ctx.fail("cannot " + std::string(verb) + " " + quote(path) + ": " + describe_errno(error),
           transient_errno(error));
}

void make_directories(const StageContext& ctx, const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    ctx.fail("cannot create directory " + quote(dir.string()) + ": " + describe_errno(ec.value()),
             transient_errno(ec.value()));
  }
}

}  // namespace plumb::stdlib
