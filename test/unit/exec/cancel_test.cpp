// Cancelling a run from outside (RunOptions::cancel, what `plumb run` does on SIGINT): running
// stages and retry waits stop at once and the run ends as Cancelled; a run that failed first
// stays Failed.
#include <chrono>
#include <thread>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Runs `program` and cancels it from another thread after `delay`.
Result run_cancelled_after(const Program& program, std::chrono::milliseconds delay) {
  RunOptions options;
  options.cancel = std::make_shared<RunCancellation>();
  std::thread canceller([&] {
    std::this_thread::sleep_for(delay);
    options.cancel->cancel("test");
  });
  Result result = program.run({}, options);
  canceller.join();
  return result;
}

TEST(Cancel, StopsARunningStage) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("sleep.pipe", R"(pipeline main() {
  slept = sys.sleep(30)
  return slept
})");
  const auto start = Clock::now();
  Result result = run_cancelled_after(program, std::chrono::milliseconds(100));
  EXPECT_LT(seconds_since(start), 10);
  EXPECT_EQ(result.status, Status::Cancelled);
  EXPECT_FALSE(result.ok());
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->kind, "cancelled");
  EXPECT_EQ(result.error->describe(), "pipeline `main`: the run was cancelled (test)");
  EXPECT_NE(result.summary().find("status   cancelled"), std::string::npos) << result.summary();
}

TEST(Cancel, EndsARetryWaitAtOnce) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("retry.pipe", R"(pipeline main() {
  @retry(attempts: 5, backoff: 60s, max_backoff: 60s)
  failed = sys.fail("boom")
  return failed
})");
  const auto start = Clock::now();
  Result result = run_cancelled_after(program, std::chrono::milliseconds(200));
  // The wait before the second attempt is 30 to 60 s; the cancellation ends it.
  EXPECT_LT(seconds_since(start), 20);
  EXPECT_EQ(result.status, Status::Cancelled);
}

TEST(Cancel, ACancelledTokenStopsARunBeforeItStarts) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("shell.pipe", R"(pipeline main() {
  out = sys.shell("sleep 30")
  return out
})");
  RunOptions options;
  options.cancel = std::make_shared<RunCancellation>();
  options.cancel->cancel("before");
  options.cancel->cancel("ignored: the first reason stays");
  const auto start = Clock::now();
  Result result = program.run({}, options);
  EXPECT_LT(seconds_since(start), 10);
  EXPECT_EQ(result.status, Status::Cancelled);
  EXPECT_EQ(result.error->message, "the run was cancelled (before)");
}

TEST(Cancel, ARunThatFailedFirstStaysFailed) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("fail.pipe", R"(pipeline main() {
  failed = sys.fail("boom")
  return failed
})");
  Result result = run_cancelled_after(program, std::chrono::milliseconds(500));
  EXPECT_EQ(result.status, Status::Failed);
  EXPECT_EQ(result.error->message, "boom");
}

}  // namespace
}  // namespace plumb
