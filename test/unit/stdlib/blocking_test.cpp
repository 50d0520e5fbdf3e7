// Which standard stages run on the I/O threads (StageSignature::may_block): exactly those that
// can wait on the world outside the process — the network, child processes, sleeps and the
// file system (a path may name a FIFO, a device or a network mount). The rule is in
// docs/runtime.md, "How a run executes"; a stage added to the registry must be placed here.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <set>

namespace plumb::testing {
namespace {

TEST(StageBlocking, OnlyStagesThatWaitOnTheOutsideWorldLeaveTheWorkers) {
  const std::set<std::string, std::less<>> blocking = {
      "http.get",       "http.post",      "io.list_files", "io.read_csv",   "io.read_json",
      "io.read_jsonl",  "io.read_lines",  "io.read_text",  "io.write_csv",  "io.write_json",
      "io.write_jsonl", "io.write_lines", "io.write_text", "llm.chat",      "llm.embed",
      "sys.exec",       "sys.shell",      "sys.sleep",     "vector.search", "vector.upsert"};
  std::set<std::string, std::less<>> found;
  for (const StageDef* def : stdlib::standard_stages().all()) {
    if (def->signature.may_block()) found.insert(def->signature.name);
  }
  EXPECT_EQ(found, blocking);
}

TEST(StageBlocking, ReadingTheEnvironmentOrFailingAtOnceStaysOnTheWorker) {
  for (std::string_view name :
       {"sys.env", "sys.fail", "log.info", "metrics.counter", "trace.set"}) {
    const StageDef* def = stdlib::standard_stages().find(name);
    ASSERT_NE(def, nullptr) << name;
    EXPECT_FALSE(def->signature.may_block()) << name;
  }
}

}  // namespace
}  // namespace plumb::testing
