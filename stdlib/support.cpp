// Shared helpers of the standard library: signatures, file reading, atomic writes, errno text.
#include "stdlib/support.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <random>
#include <system_error>
#include <utility>

namespace plumb::stdlib {

namespace fs = std::filesystem;

Param required(std::string name, Type type, std::string doc) {
  return Param{std::move(name), type, std::nullopt, std::move(doc)};
}

Param optional(std::string name, Type type, Value default_value, std::string doc) {
  return Param{std::move(name), type, std::move(default_value), std::move(doc)};
}

StageDef make_stage(std::string name, std::vector<Param> params, Type result, Purity purity,
                    std::string summary, StageFunction run, ConstantCheck check) {
  StageDef def;
  def.signature.name = std::move(name);
  def.signature.params = std::move(params);
  def.signature.result = result;
  def.signature.purity = purity;
  def.signature.version = "1";
  def.signature.summary = std::move(summary);
  def.run = std::move(run);
  def.check_constant = std::move(check);
  return def;
}

ConstantCheck constant_check(std::string stage, NamedArgCheck check) {
  auto signature = std::make_shared<StageSignature>();
  signature->name = std::move(stage);
  return [signature, check = std::move(check)](std::string_view name,
                                               const Value& value) -> std::optional<std::string> {
    const Fields none;
    StageContext ctx(*signature, {}, none);
    try {
      check(ctx, name, value);
    } catch (const StageError& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  };
}

ConstantCheck constant_checks(std::string stage,
                              std::vector<std::pair<std::string, ArgCheck>> checks) {
  return constant_check(std::move(stage),
                        [checks = std::move(checks)](const StageContext& ctx,
                                                     std::string_view param, const Value& value) {
                          for (const auto& [name, check] : checks) {
                            if (name == param) check(ctx, value);
                          }
                        });
}

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

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

namespace {

[[noreturn]] void fail_errno(const StageContext& ctx, std::string_view verb, std::string_view path,
                             int error) {
  ctx.fail("cannot " + std::string(verb) + " " + quote(path) + ": " + describe_errno(error),
           transient_errno(error));
}

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now and reports close()'s error (0 on success).
  int close_now() {
    int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

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

std::string read_file(const StageContext& ctx, const std::string& path) {
  std::string data;
  if (!read_file_if_exists(ctx, path, data)) fail_errno(ctx, "read", path, ENOENT);
  return data;
}

bool read_file_if_exists(const StageContext& ctx, const std::string& path, std::string& data) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 && errno == ENOENT) return false;
  if (fd.get() < 0) fail_errno(ctx, "read", path, errno);
  struct stat info {};
  std::size_t expected = 0;
  if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode)) {
    expected = static_cast<std::size_t>(info.st_size);
  }
  // Read straight into the string: sized to the file, grown if the file grows meanwhile.
  data.resize(expected > 0 ? expected + 1 : 65536);
  std::size_t filled = 0;
  for (;;) {
    if (filled == data.size()) data.resize(data.size() * 2);
    ssize_t n = ::read(fd.get(), data.data() + filled, data.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(ctx, "read", path, errno);
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  data.resize(filled);
  return true;
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

std::string_view str_item(const StageContext& ctx, std::string_view arg,
                          std::span<const Value> list, std::size_t index) {
  const Value& item = list[index];
  if (!item.is_str()) {
    ctx.fail("argument `" + std::string(arg) + "`: item " + std::to_string(index) +
             " must be a str, not " + std::string(type_name(item)));
  }
  return item.as_str();
}

const Value& record_item(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                         std::size_t index) {
  const Value& item = list[index];
  if (!item.is_record()) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " must be a record, not " + std::string(type_name(item)));
  }
  return item;
}

const Value& row_field(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                       std::size_t index, std::string_view key) {
  const Value* field = record_item(ctx, arg, list, index).find_field(key);
  if (!field) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " has no field " + quote(key));
  }
  return *field;
}

Value make_record(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  return Value::record(
      std::span<const std::pair<std::string_view, Value>>(fields.begin(), fields.size()));
}

}  // namespace plumb::stdlib
