// Cancelling a run from outside (RunOptions::cancel, what `plumb run` does on SIGINT): running
// stages and retry waits stop at once and the run ends as Cancelled; a run that failed first
// stays Failed. Retry waits honour a failure's `retry_after`. Child processes get the trace
// context, the baggage and the engine's settings.
#include <chrono>
#include <thread>

#include "runtime/exec/state.hpp"
#include "runtime/telemetry/ids.hpp"
#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using Clock = std::chrono::steady_clock;
using testing::TracedEngine;

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

TEST(RetryDelay, WaitsAtLeastWhatTheFailureAsksCappedByMaxBackoff) {
  RetryPolicy policy{5, 0.2, 30};
  exec::RunError error;
  for (std::uint32_t attempt = 1; attempt <= 3; ++attempt) {
    const double plain = exec::retry_delay(policy, attempt, error);
    EXPECT_GE(plain, 0.1 * (1 << (attempt - 1)));
    EXPECT_LE(plain, 0.2 * (1 << (attempt - 1)));
  }
  error.retry_after = 7;
  EXPECT_EQ(exec::retry_delay(policy, 1, error), 7);
  error.retry_after = 3600;
  EXPECT_EQ(exec::retry_delay(policy, 1, error), 30);
  error.retry_after = 0.01;
  EXPECT_GE(exec::retry_delay(policy, 1, error), 0.1);
}

TEST(ChildEnvironment, CarriesTraceContextBaggageAndSettings) {
  TracedEngine traced;
  Program program = traced.compile(R"(pipeline main() {
  child = sys.exec(["sh", "-c", "printf '%s|%s' \"$TRACEPARENT\" \"$BAGGAGE\""])
  return child.stdout
})");
  RunOptions options;
  options.baggage = " tenant = acme , team=data;ttl=1 ";
  Result result = program.run({}, options);
  ASSERT_TRUE(result.ok()) << result.error->describe();
  auto node = traced.named("child");
  ASSERT_EQ(node.size(), 1u);
  const std::string expected = telemetry::format_traceparent(node[0].trace, node[0].span_id, 1) +
                               "|tenant=acme,team=data;ttl=1";
  EXPECT_EQ(result.value.as_str(), expected);

  EngineOptions quiet{2, {}};
  quiet.telemetry.enabled = false;
  Engine engine(quiet);
  Program disabled = engine.compile_string("off.pipe", R"(pipeline main() {
  child = sys.exec(["sh", "-c", "printf '%s' \"$OTEL_SDK_DISABLED\""])
  return child.stdout
})");
  result = disabled.run();
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(result.value.as_str(), "true");
}

TEST(ChildEnvironment, RejectsInvalidBaggage) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("b.pipe", "pipeline main() { return 1 }");
  RunOptions options;
  options.baggage = "no equals sign";
  EXPECT_THROW(program.run({}, options), ArgumentError);
}

}  // namespace
}  // namespace plumb
