// The thread that runs a run sleeps while only calls on the I/O threads or retries' timers are
// outstanding (runtime/exec/outside_work.hpp). Not timed: this binary interposes
// sched_yield() and counts the calls made on the thread running the run, which waiting in
// oneTBB's task group makes about a thousand times per hand-off before it sleeps.
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "test/unit/exec/support.hpp"

namespace {

thread_local bool count_yields = false;
std::atomic<long> yields{0};

}  // namespace

extern "C" int sched_yield() noexcept {
  if (count_yields) yields.fetch_add(1, std::memory_order_relaxed);
  return static_cast<int>(syscall(SYS_sched_yield));
}

namespace plumb {
namespace {

// Runs `source` on two threads and returns how often the calling thread yielded meanwhile.
long yields_while_running(const std::string& source, bool expect_ok = true) {
  Engine engine(EngineOptions{2, {}});
  Program program = engine.compile_string("waits.pipe", source);
  yields.store(0);
  count_yields = true;
  Result result = program.run({});
  count_yields = false;
  EXPECT_EQ(result.ok(), expect_ok) << result.summary();
  return yields.load();
}

TEST(Waiting, TheRunThreadSleepsThroughSequentialBlockingCalls) {
  // Twenty 10 ms sleeps, one after another: each is a hand-off to an I/O thread and back.
  const long n = yields_while_running(R"(pipeline main() {
  for i in range(20) { s = sys.sleep(0.01) }
  return 0
})");
  EXPECT_LT(n, 20 * 50) << "sched_yield calls on the run's thread";
}

TEST(Waiting, TheRunThreadSleepsThroughRetryBackoffs) {
  // Four waits of at least 10 ms on the timer between five failing attempts.
  const long n = yields_while_running(R"(pipeline main() {
  @retry(attempts: 5, backoff: 10ms)
  out = sys.fail("always")
})",
                                      false);
  EXPECT_LT(n, 4 * 50) << "sched_yield calls on the run's thread";
}

TEST(Waiting, AWidthTwoMapOfSleepsStillOverlaps) {
  const long n = yields_while_running(R"(pipeline main() {
  slept = map i in range(20), concurrency: 2 {
    s = sys.sleep(0.01)
    yield i
  }
  return len(slept)
})");
  EXPECT_LT(n, 20 * 50) << "sched_yield calls on the run's thread";
}

}  // namespace
}  // namespace plumb
