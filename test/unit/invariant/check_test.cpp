// PLUMB_CHECK and PLUMB_DCHECK: a failure names the invariant, the file and the line, and
// aborts; a check that holds costs nothing visible; PLUMB_DCHECK follows the build.
#include <gtest/gtest.h>

#include <plumb/value.hpp>

#include "base/invariant/check.hpp"
#include "base/value/walk_stack.hpp"

namespace plumb {
namespace {

TEST(InvariantDeathTest, CheckNamesTheInvariantFileAndLineAndAborts) {
  int items = 2;
  EXPECT_DEATH(PLUMB_CHECK(items == 3, "three items were reserved"),
               "plumb: internal error: three items were reserved \\(`items == 3` does not "
               "hold\\) at test/unit/invariant/check_test.cpp:[0-9]+");
}

TEST(InvariantDeathTest, CheckAbortsRatherThanExits) {
  EXPECT_EXIT(PLUMB_CHECK(false, "never"), testing::KilledBySignal(SIGABRT), "never");
}

TEST(Invariant, ChecksThatHoldDoNothing) {
  int evaluated = 0;
  PLUMB_CHECK(++evaluated == 1, "evaluated once");
  EXPECT_EQ(evaluated, 1);
}

TEST(InvariantDeathTest, DcheckFollowsTheBuild) {
  int evaluated = 0;
  if (kDchecksOn) {
    EXPECT_DEATH(PLUMB_DCHECK(evaluated == 1, "debug-only invariant"), "debug-only invariant");
  } else {
    // Compiled out: the condition is not even evaluated.
    PLUMB_DCHECK(++evaluated == 5, "never evaluated");
    EXPECT_EQ(evaluated, 0);
  }
}

TEST(InvariantDeathTest, RecordWithTheWrongNumberOfValues) {
  if (!kDchecksOn) GTEST_SKIP() << "PLUMB_DCHECK is compiled out of this build";
  std::vector<std::string> keys = {"a", "b"};
  Shape shape{std::span<const std::string>(keys)};
  std::vector<Value> values = {Value::integer(1)};
  EXPECT_DEATH(Value::record(shape, std::span<const Value>(values)),
               "a record has one value per field of its shape");
}

TEST(InvariantDeathTest, ListBuilderFinishedTwice) {
  EXPECT_DEATH(
      {
        ListBuilder builder(2);
        builder[0] = Value::integer(1);
        builder[1] = Value::integer(2);
        Value list = builder.finish(2);
        builder.finish(0);
      },
      "a list builder finishes once");
}

TEST(InvariantDeathTest, PopOfAnEmptyWalkStack) {
  if (!kDchecksOn) GTEST_SKIP() << "PLUMB_DCHECK is compiled out of this build";
  WalkStack<int> stack;
  EXPECT_DEATH(stack.pop(), "pop\\(\\) of an empty walk stack");
}

}  // namespace
}  // namespace plumb
