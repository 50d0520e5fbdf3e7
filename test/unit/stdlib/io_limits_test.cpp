// The bounds of the io.* stages: the read limit (PLUMB_MAX_READ_BYTES), FIFOs and devices read
// without blocking past a cancellation, a held vector lock waited for only until cancellation,
// and the removal of temp files that killed writers left behind.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace plumb::testing {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for the scope of a test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) saved_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (saved_.empty()) {
      ::unsetenv(name_);
    } else {
      ::setenv(name_, saved_.c_str(), 1);
    }
  }

 private:
  const char* name_;
  std::string saved_;
};

// Runs a stage and cancels its context after `delay`; returns the message it failed with.
std::string error_when_cancelled(std::string_view name, Args args,
                                 std::chrono::milliseconds delay) {
  FakeStageContext ctx(stage(name), std::move(args));
  std::thread canceller([&] {
    std::this_thread::sleep_for(delay);
    ctx.cancel();
  });
  std::string message;
  try {
    stage(name).run(ctx);
    ADD_FAILURE() << name << " did not fail";
  } catch (const StageError& e) {
    message = e.what();
  }
  canceller.join();
  return message;
}

TEST(IoReadLimit, RefusesFilesLargerThanTheLimit) {
  ScratchDir dir;
  write_text_file(dir / "big.txt", std::string(2048, 'x'));
  write_text_file(dir / "fits.txt", std::string(1024, 'x'));
  ScopedEnv limit("PLUMB_MAX_READ_BYTES", "1024");
  EXPECT_EQ(error_of("io.read_text", {{"path", str(dir / "big.txt")}}),
            "io.read_text: cannot read \"" + (dir / "big.txt") +
                "\": larger than the read limit of 1 KiB (PLUMB_MAX_READ_BYTES raises it)");
  EXPECT_EQ(run("io.read_text", {{"path", str(dir / "fits.txt")}}).as_str().size(), 1024u);
  EXPECT_EQ(error_of("io.read_lines", {{"path", str("/dev/zero")}}),
            "io.read_lines: cannot read \"/dev/zero\": larger than the read limit of 1 KiB "
            "(PLUMB_MAX_READ_BYTES raises it)");
}

TEST(IoReadLimit, DefaultsToOneGibibyteAndRejectsBadSettings) {
  FakeStageContext ctx(stage("io.read_text"), {{"path", str("x")}});
  {
    ScopedEnv unset("PLUMB_MAX_READ_BYTES", "");
    EXPECT_EQ(ctx.max_read_bytes(), std::uint64_t{1} << 30);
  }
  ScopedEnv bad("PLUMB_MAX_READ_BYTES", "1G");
  EXPECT_EQ(error_of("io.read_text", {{"path", str("/dev/null")}}),
            "io.read_text: PLUMB_MAX_READ_BYTES must be a positive whole number of bytes, not "
            "\"1G\"");
}

TEST(IoReadFifo, ReadsWhatAWriterSends) {
  ScratchDir dir;
  std::string fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int fd = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "one\n", 4), 4);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(::write(fd, "two\n", 4), 4);
    ::close(fd);
  });
  Value lines = run("io.read_lines", {{"path", str(fifo)}});
  writer.join();
  ASSERT_EQ(lines.as_list().size(), 2u);
  EXPECT_EQ(lines.as_list()[1].as_str(), "two");
}

TEST(IoReadFifo, AFifoWithoutWriterWaitsOnlyUntilCancelled) {
  ScratchDir dir;
  std::string fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(
      error_when_cancelled("io.read_json", {{"path", str(fifo)}}, std::chrono::milliseconds(200)),
      "io.read_json: cancelled");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(VectorLock, AHeldLockIsWaitedForOnlyUntilCancelled) {
  ScratchDir dir;
  fs::create_directories(dir.path() / "c");
  int held = ::open((dir.path() / "c" / "LOCK").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_EQ(::flock(held, LOCK_EX), 0);
  EXPECT_EQ(error_when_cancelled("vector.upsert",
                                 {{"collection", str("c")},
                                  {"ids", list({integer(1)})},
                                  {"vectors", list({list({num(1.0)})})},
                                  {"path", str(dir.path().string())}},
                                 std::chrono::milliseconds(200)),
            "vector.upsert: cancelled");
  ::close(held);
  EXPECT_EQ(run("vector.upsert", {{"collection", str("c")},
                                  {"ids", list({integer(1)})},
                                  {"vectors", list({list({num(1.0)})})},
                                  {"path", str(dir.path().string())}})
                .as_int(),
            1);
}

// The host part of temp names: the host name with characters other than letters, digits, '.'
// and '-' replaced (file_write.cpp).
std::string host_in_names() {
  char buffer[256] = {};
  ::gethostname(buffer, sizeof buffer - 1);
  std::string host;
  for (const char* c = buffer; *c != '\0' && host.size() < 64; ++c)
    host += std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '-' ? *c : '_';
  return host;
}

// The pid of a process that has exited (and been reaped).
pid_t exited_pid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

TEST(IoWrite, RemovesTempFilesOfWritersThatDied) {
  ScratchDir dir;
  const std::string host = host_in_names();
  const std::string dead =
      ".out.txt.tmp-" + host + "-" + std::to_string(exited_pid()) + "-0123456789abcdef";
  const std::string dead_other_target =
      ".other.txt.tmp-" + host + "-" + std::to_string(exited_pid()) + "-fedcba9876543210";
  const std::string alive =
      ".out.txt.tmp-" + host + "-" + std::to_string(::getpid()) + "-0123456789abcdef";
  const std::string other_host =
      ".out.txt.tmp-elsewhere.example-" + std::to_string(exited_pid()) + "-0123456789abcdef";
  const std::string old_format = ".out.txt.tmp-0123456789abcdef";
  for (const std::string& name : {dead, dead_other_target, alive, other_host, old_format})
    write_text_file(dir / name, "torn");
  EXPECT_EQ(run("io.write_text", {{"path", str(dir / "out.txt")}, {"value", str("new")}}).as_int(),
            3);
  std::vector<std::string> expected = {".out.txt.tmp-0123456789abcdef", alive, other_host,
                                       "out.txt"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(dir.entries(), expected);
}

}  // namespace
}  // namespace plumb::testing
