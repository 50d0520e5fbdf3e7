// sys.sleep, sys.env, sys.shell, sys.exec and sys.fail: results, bad input, timeouts and
// cancellation; the process runner's stdin, environment, working directory and registry.
#include "test/unit/stdlib/stdlib_test.hpp"

#include "base/value/builtins.hpp"
#include "stdlib/process.hpp"

#include <csignal>

#include <chrono>
#include <cstdlib>
#include <thread>

namespace plumb::testing {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A context whose sleep_for wakes up when cancelled, like the runtime's.
class CancellableContext : public FakeStageContext {
 public:
  using FakeStageContext::FakeStageContext;
  bool sleep_for(double seconds) override {
    auto end = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < end) {
      if (cancelled()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !cancelled();
  }
};

// A context whose node has a deadline.
class DeadlineContext : public FakeStageContext {
 public:
  DeadlineContext(const StageDef& def, Args args, double seconds)
      : FakeStageContext(def, std::move(args)),
        deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(seconds))) {}
  double seconds_left() const override {
    return std::chrono::duration<double>(deadline_ - Clock::now()).count();
  }

 private:
  Clock::time_point deadline_;
};

TEST(SysSignatures, PurityAndVersion) {
  EXPECT_EQ(stage("sys.sleep").signature.purity, Purity::Volatile);
  EXPECT_EQ(stage("sys.env").signature.purity, Purity::Volatile);
  EXPECT_EQ(stage("sys.shell").signature.purity, Purity::Effect);
  EXPECT_EQ(stage("sys.exec").signature.purity, Purity::Effect);
  EXPECT_EQ(stage("sys.fail").signature.purity, Purity::Volatile);
  EXPECT_EQ(stage("sys.exec").signature.result.to_string(),
            "{code: int, stdout: str, stderr: str}");
  for (auto name : {"sys.sleep", "sys.env", "sys.shell", "sys.exec", "sys.fail"}) {
    EXPECT_EQ(stage(name).signature.version, "1");
  }
}

TEST(SysSleep, Sleeps) {
  auto start = Clock::now();
  EXPECT_TRUE(run("sys.sleep", {{"seconds", num(0.05)}}).is_null());
  EXPECT_GE(seconds_since(start), 0.05);
  EXPECT_TRUE(run("sys.sleep", {{"seconds", integer(0)}}).is_null());
}

TEST(SysSleep, RejectsNegativeAndNonNumbers) {
  EXPECT_EQ(error_of("sys.sleep", {{"seconds", num(-1)}}),
            "sys.sleep: argument `seconds` must be a finite number >= 0, not -1s");
  EXPECT_EQ(error_of("sys.sleep", {{"seconds", str("1")}}),
            "sys.sleep: argument `seconds` must be a float, not str");
}

TEST(SysSleep, StopsWhenCancelled) {
  CancellableContext ctx(stage("sys.sleep"), {{"seconds", num(30)}});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ctx.cancel();
  });
  auto start = Clock::now();
  try {
    stage("sys.sleep").run(ctx);
    ADD_FAILURE() << "sys.sleep was not cancelled";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "sys.sleep: cancelled");
    EXPECT_EQ(e.kind(), "cancelled");
    EXPECT_FALSE(e.retryable());
  }
  canceller.join();
  EXPECT_LT(seconds_since(start), 5);
}

TEST(SysEnv, ReadsVariablesAndDefaults) {
  ::setenv("PLUMB_STDLIB_TEST_VAR", "hello", 1);
  EXPECT_EQ(run("sys.env", {{"name", str("PLUMB_STDLIB_TEST_VAR")}}).as_str(), "hello");
  ::unsetenv("PLUMB_STDLIB_TEST_UNSET");
  EXPECT_TRUE(run("sys.env", {{"name", str("PLUMB_STDLIB_TEST_UNSET")}}).is_null());
  EXPECT_EQ(
      run("sys.env", {{"name", str("PLUMB_STDLIB_TEST_UNSET")}, {"default", str("d")}}).as_str(),
      "d");
}

TEST(SysEnv, RejectsBadNames) {
  EXPECT_EQ(error_of("sys.env", {{"name", str("A=B")}}),
            "sys.env: argument `name`: \"A=B\" is not a valid environment variable name");
  EXPECT_EQ(error_of("sys.env", {{"name", str("X")}, {"default", integer(1)}}),
            "sys.env: argument `default` must be a str or null, not int");
}

TEST(SysShell, CapturesOutputAndExitCode) {
  Value r = run("sys.shell", {{"cmd", str("echo out; echo err >&2; exit 0")}});
  EXPECT_EQ(r.find_field("code")->as_int(), 0);
  EXPECT_EQ(r.find_field("stdout")->as_str(), "out\n");
  EXPECT_EQ(r.find_field("stderr")->as_str(), "err\n");
  EXPECT_EQ(r.shape().key(0), "code");
}

TEST(SysShell, ReportsAttributes) {
  FakeStageContext ctx(stage("sys.shell"), {{"cmd", str("printf abc")}});
  stage("sys.shell").run(ctx);
  EXPECT_EQ(ctx.attributes.at("process.exit.code").as_int(), 0);
  EXPECT_EQ(ctx.attributes.at("plumb.bytes.read").as_int(), 3);
}

TEST(SysShell, NonZeroExitWithoutCheckIsAResult) {
  Value r = run("sys.shell", {{"cmd", str("exit 3")}, {"check", Value::boolean(false)}});
  EXPECT_EQ(r.find_field("code")->as_int(), 3);
}

TEST(SysShell, NonZeroExitWithCheckFailsWithStderr) {
  FakeStageContext ctx(stage("sys.shell"), {{"cmd", str("echo oops >&2; exit 3")}});
  try {
    stage("sys.shell").run(ctx);
    ADD_FAILURE() << "no error";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "sys.shell: command \"echo oops >&2; exit 3\" exited with code 3: oops");
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_EQ(error_of("sys.shell", {{"cmd", str("exit 4")}}),
            "sys.shell: command \"exit 4\" exited with code 4 (no stderr)");
  EXPECT_EQ(error_of("sys.shell", {{"cmd", str("kill -9 $$")}}),
            "sys.shell: command \"kill -9 $$\" was killed by signal 9 (no stderr)");
}

TEST(SysShell, LargeOutputOnBothPipesDoesNotDeadlock) {
  Value r = run("sys.shell", {{"cmd", str("head -c 1000000 /dev/zero | tr '\\0' a; "
                                          "head -c 700000 /dev/zero | tr '\\0' b >&2; "
                                          "head -c 1000000 /dev/zero | tr '\\0' c")}});
  EXPECT_EQ(r.find_field("stdout")->as_str().size(), 2000000u);
  EXPECT_EQ(r.find_field("stderr")->as_str().size(), 700000u);
}

TEST(SysShell, TimeoutKillsTheWholeProcessGroup) {
  auto start = Clock::now();
  FakeStageContext ctx(stage("sys.shell"),
                       {{"cmd", str("sleep 30 & sleep 30; wait")}, {"timeout", num(0.2)}});
  try {
    stage("sys.shell").run(ctx);
    ADD_FAILURE() << "no timeout";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "sys.shell: command \"sleep 30 & sleep 30; wait\" timed out after 0.2s");
    EXPECT_EQ(e.kind(), "timeout");
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_LT(seconds_since(start), 5);
}

TEST(SysShell, StopsAtTheNodesDeadline) {
  DeadlineContext ctx(stage("sys.shell"), {{"cmd", str("sleep 30")}}, 0.2);
  auto start = Clock::now();
  try {
    stage("sys.shell").run(ctx);
    ADD_FAILURE() << "no timeout";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(),
                 "sys.shell: command \"sleep 30\" was killed when the node's time limit ran out");
  }
  EXPECT_LT(seconds_since(start), 5);
}

TEST(SysShell, StopsWhenCancelled) {
  FakeStageContext ctx(stage("sys.shell"), {{"cmd", str("sleep 30")}});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ctx.cancel();
  });
  auto start = Clock::now();
  try {
    stage("sys.shell").run(ctx);
    ADD_FAILURE() << "not cancelled";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "sys.shell: cancelled");
  }
  canceller.join();
  EXPECT_LT(seconds_since(start), 5);
}

TEST(SysShell, RejectsBadArguments) {
  EXPECT_EQ(error_of("sys.shell", {{"cmd", integer(1)}}),
            "sys.shell: argument `cmd` must be a str, not int");
  EXPECT_EQ(error_of("sys.shell", {{"cmd", str("true")}, {"timeout", num(0)}}),
            "sys.shell: argument `timeout` must be > 0, not 0s");
}

TEST(SysShell, RejectsANulInsteadOfCuttingTheCommand) {
  EXPECT_EQ(error_of("sys.shell", {{"cmd", str(std::string("echo a\0; rm x", 13))}}),
            "sys.shell: argument `cmd` contains a NUL character, which no command can hold");
}

// Whatever a value holds, shell_quote() makes it one word the shell passes on as it is.
TEST(SysShell, ShellQuoteKeepsValuesLiteral) {
  for (std::string value : {"plain", "", "a b", "x; echo INJECTED", "$(id)", "`id`", "it's",
                            "'\"'\"'", "\\", "new\nline", "*", "~root", "-n", "a\tb"}) {
    Value r = run("sys.shell", {{"cmd", str("printf '%s' " + builtins::shell_quote(value))}});
    EXPECT_EQ(r.find_field("stdout")->as_str(), value) << value;
  }
}

Value list_of(std::vector<std::string> items) {
  std::vector<Value> values;
  for (std::string& item : items)
    values.push_back(str(item));
  return list(std::move(values));
}

TEST(SysExec, PassesArgumentsWithoutAShell) {
  Value r = run("sys.exec",
                {{"argv", list_of({"printf", "[%s]", "a b", "; echo no", "$(id)", "*", ""})}});
  EXPECT_EQ(r.find_field("stdout")->as_str(), "[a b][; echo no][$(id)][*][]");
  EXPECT_EQ(r.find_field("code")->as_int(), 0);
  FakeStageContext ctx(stage("sys.exec"), {{"argv", list_of({"/bin/echo", "x"})}});
  stage("sys.exec").run(ctx);
  EXPECT_EQ(ctx.attributes.at("process.executable.name").as_str(), "echo");
}

TEST(SysExec, FeedsStdinWhileReadingOutput) {
  // More than a pipe holds in each direction: stdin must be written as the program reads.
  std::string input(3 << 20, 'x');
  for (std::size_t i = 0; i < input.size(); i += 100)
    input[i] = '\n';
  Value r = run("sys.exec", {{"argv", list_of({"cat"})}, {"stdin", str(input)}});
  EXPECT_EQ(r.find_field("stdout")->as_str(), input);
  // A program that exits without reading its input does not take plumb down with SIGPIPE.
  Value ignored = run("sys.exec", {{"argv", list_of({"true"})}, {"stdin", str(input)}});
  EXPECT_EQ(ignored.find_field("code")->as_int(), 0);
  Value none = run("sys.exec", {{"argv", list_of({"cat"})}});
  EXPECT_EQ(none.find_field("stdout")->as_str(), "");
}

TEST(SysExec, SetsAndRemovesVariablesAndTheWorkingDirectory) {
  ::setenv("PLUMB_EXEC_REMOVED", "visible", 1);
  Value env = record({{"PLUMB_EXEC_SET", str("one two")}, {"PLUMB_EXEC_REMOVED", Value()}});
  Value r = run("sys.exec", {{"argv", list_of({"sh", "-c",
                                               "printf '%s|%s|' \"$PLUMB_EXEC_SET\" "
                                               "\"${PLUMB_EXEC_REMOVED-unset}\"; pwd"})},
                             {"env", env},
                             {"cwd", str("/")}});
  EXPECT_EQ(r.find_field("stdout")->as_str(), "one two|unset|/\n");
  ::unsetenv("PLUMB_EXEC_REMOVED");
}

TEST(SysExec, GivesTheChildTheTraceContext) {
  FakeStageContext ctx(stage("sys.exec"), {{"argv", list_of({"sh", "-c",
                                                             "printf '%s|%s' \"$TRACEPARENT\" "
                                                             "\"$BAGGAGE\""})}});
  ctx.traceparent_value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  ctx.baggage_value = "tenant=acme";
  Value r = stage("sys.exec").run(ctx);
  EXPECT_EQ(r.find_field("stdout")->as_str(),
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01|tenant=acme");
}

TEST(SysExec, RejectsBadArguments) {
  EXPECT_EQ(error_of("sys.exec", {{"argv", list({})}}),
            "sys.exec: argument `argv` is empty; its first item names the program");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({""})}}),
            "sys.exec: argument `argv`: item 0 (the program) is empty");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list({str("echo"), integer(1)})}}),
            "sys.exec: argument `argv`: item 1 must be a str, not int");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"echo", std::string("a\0b", 3)})}}),
            "sys.exec: argument `argv`: item 1 contains a NUL character, which no argument can "
            "hold");
  EXPECT_EQ(
      error_of("sys.exec", {{"argv", list_of({"echo"})}, {"env", record({{"A=B", str("")}})}}),
      "sys.exec: argument `env`: \"A=B\" is not a valid environment variable name");
  EXPECT_EQ(
      error_of("sys.exec", {{"argv", list_of({"echo"})}, {"env", record({{"A", integer(1)}})}}),
      "sys.exec: argument `env`: `A` must be a str or null, not int");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"echo"})},
                                  {"env", record({{"A", str(std::string("x\0y", 3))}})}}),
            "sys.exec: argument `env`: `A` contains a NUL character");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"echo"})}, {"cwd", str("/no/such/dir")}}),
            "sys.exec: argument `cwd`: cannot use \"/no/such/dir\": no such file");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"echo"})}, {"cwd", str("/etc/passwd")}}),
            "sys.exec: argument `cwd`: \"/etc/passwd\" is not a directory");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"no-such-program-plumb"})}}),
            "sys.exec: cannot run \"no-such-program-plumb\": no such file");
  EXPECT_EQ(error_of("sys.exec", {{"argv", list_of({"sh", "-c", "exit 5"})}}),
            "sys.exec: command \"sh -c 'exit 5'\" exited with code 5 (no stderr)");
}

TEST(SysExec, ACancelledProcessGetsSigtermThenSigkill) {
  // The group ignores SIGTERM: SIGKILL follows a second later.
  FakeStageContext ctx(stage("sys.exec"),
                       {{"argv", list_of({"sh", "-c", "trap '' TERM; sleep 30 & wait"})}});
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ctx.cancel();
  });
  auto start = Clock::now();
  try {
    stage("sys.exec").run(ctx);
    ADD_FAILURE() << "not cancelled";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "sys.exec: cancelled");
  }
  canceller.join();
  EXPECT_LT(seconds_since(start), 10);
}

TEST(SysExec, RunningProcessGroupsCanBeSignalled) {
  FakeStageContext ctx(stage("sys.exec"),
                       {{"argv", list_of({"sleep", "30"})}, {"check", Value::boolean(false)}});
  std::thread killer([] {
    // Once the child runs, signalling every running group ends it.
    for (int i = 0; i < 500 && stdlib::signal_running_processes(SIGKILL) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  auto start = Clock::now();
  Value r = stage("sys.exec").run(ctx);
  killer.join();
  EXPECT_EQ(r.find_field("code")->as_int(), 128 + SIGKILL);
  EXPECT_LT(seconds_since(start), 10);
  EXPECT_EQ(stdlib::signal_running_processes(SIGKILL), 0);
}

TEST(SysFail, AlwaysFailsWithTheMessage) {
  FakeStageContext ctx(stage("sys.fail"), {{"msg", str("boom")}});
  try {
    stage("sys.fail").run(ctx);
    ADD_FAILURE() << "no error";
  } catch (const StageError& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
  EXPECT_EQ(error_of("sys.fail", {{"msg", integer(2)}}),
            "sys.fail: argument `msg` must be a str, not int");
}

}  // namespace
}  // namespace plumb::testing
