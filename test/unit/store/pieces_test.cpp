// The store's small parts: run ids, content hashes, redacted JSON, JSON differences, blobs,
// and the comparison of two runs of edited programs.
#include <set>
#include <thread>

#include "runtime/store/compare.hpp"
#include "runtime/store/content_hash.hpp"
#include "runtime/store/redacted_json.hpp"
#include "runtime/store/run_id.hpp"
#include "test/unit/store/support.hpp"

namespace plumb {
namespace {

using testing::recording_into;
using testing::TempDir;

TEST(RunId, UlidsSortByTimeAndAreUnique) {
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::set<std::string> ids;
  std::string previous;
  for (std::int64_t ms = 1'700'000'000'000; ms < 1'700'000'000'100; ++ms) {
    const std::string id = store::new_run_id(ms * 1'000'000);
    ASSERT_EQ(id.size(), 26u);
    EXPECT_EQ(id.find_first_not_of(alphabet), std::string::npos) << id;
    EXPECT_LT(previous.substr(0, 10), id.substr(0, 10));
    previous = id;
    ids.insert(id);
    ids.insert(store::new_run_id(ms * 1'000'000));
  }
  EXPECT_EQ(ids.size(), 200u);
  // 1,700,000,000,000 ms is 01HF... in Crockford's base32.
  EXPECT_EQ(store::new_run_id(1'700'000'000'000'000'000).substr(0, 10), "01HF7YAT00");
}

TEST(ContentHash, LengthPrefixedParts) {
  EXPECT_EQ(store::content_hash("").size(), 32u);
  EXPECT_NE(store::content_hash("a"), store::content_hash("b"));
  store::ContentHasher ab_c;
  ab_c.add("ab");
  ab_c.add("c");
  store::ContentHasher a_bc;
  a_bc.add("a");
  a_bc.add("bc");
  EXPECT_NE(ab_c.hex(), a_bc.hex());
}

TEST(RedactedJson, SecretKeysAtAnyDepth) {
  Redactor redactor;
  const Value value = parse_json(
      R"({"user": "ann", "conn": {"password": "p", "Authorization": "Bearer x"},
          "keys": [{"api_key": 1}, 2]})");
  EXPECT_EQ(store::redacted_json(value, redactor),
            R"({"user": "ann", "conn": {"password": "[REDACTED]", "Authorization": "[REDACTED]"}, )"
            R"("keys": [{"api_key": "[REDACTED]"}, 2]})");
  EXPECT_EQ(store::redacted_json(Fields{{"token", Value::string("t")}, {"n", Value::integer(1)}},
                                 redactor),
            R"({"token": "[REDACTED]", "n": 1})");
}

TEST(JsonDifferences, PathsOfWhatDiffers) {
  const auto d =
      store::json_differences(R"({"a": 1, "b": [1, 2], "odd key": true, "gone": 0})",
                              R"({"a": 1.0, "b": [1, 3, 4], "odd key": false, "new": 1})");
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].path, "$.b[1]");
  EXPECT_EQ(d[0].before, "2");
  EXPECT_EQ(d[0].after, "3");
  EXPECT_EQ(d[1].path, "$.b[2]");
  EXPECT_EQ(d[1].before, "");
  EXPECT_EQ(d[2].path, "$[\"odd key\"]");
  EXPECT_EQ(d[3].path, "$.gone");
  EXPECT_EQ(d[3].after, "");
  EXPECT_EQ(d[4].path, "$.new");
  EXPECT_TRUE(store::json_differences("[1]", "[1]").empty());
  const auto many = store::json_differences("[1, 2, 3, 4]", "[5, 6, 7, 8]", 2);
  ASSERT_EQ(many.size(), 3u);
  EXPECT_EQ(many[2].path, "...");
  EXPECT_EQ(many[2].before, "2 more");
}

TEST(Blobs, PutGetReplaceAndExpire) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  const std::string bytes("a\0b\xff", 4);
  store->put_blob("k1", StoredBlob{"raw", bytes});
  std::optional<StoredBlob> got = store->get_blob("k1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->codec, "raw");
  EXPECT_EQ(got->data, bytes);
  store->put_blob("k1", StoredBlob{"json", "[1]"});
  EXPECT_EQ(store->get_blob("k1")->data, "[1]");
  EXPECT_FALSE(store->get_blob("missing"));
  store->put_blob("short", StoredBlob{"json", "1"}, 0.001);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(store->get_blob("short"));
}

TEST(Compare, ProgramArgumentResultAndNodeChanges) {
  TempDir dir;
  auto store = RunStore::open(dir.file("runs.db"));
  Engine engine(recording_into(store));
  Program before = engine.compile_string("p.pipe", R"(pipeline main(n: int = 1) {
  a = n + 1
  b = a * 2
  gone = a - 1
  return { b: b, gone: gone }
})");
  Program after = engine.compile_string("p.pipe", R"(pipeline main(n: int = 1) {
  a = n + 1
  b = a * 3
  added = a + 100
  return { b: b, added: added }
})");
  ASSERT_TRUE(before.run().ok());
  ASSERT_TRUE(after.run({{"n", Value::integer(2)}}).ok());
  const std::vector<StoredRun> runs = store->runs();
  const store::RunComparison c = store::compare_runs(*store, runs[1].id, runs[0].id);
  EXPECT_FALSE(c.same_program);
  std::map<std::string, store::NodeChangeKind> changes;
  for (const store::NodeChange& change : c.program)
    changes[change.identity] = change.kind;
  EXPECT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes["main/b"], store::NodeChangeKind::Changed);
  EXPECT_EQ(changes["main/added"], store::NodeChangeKind::Added);
  EXPECT_EQ(changes["main/gone"], store::NodeChangeKind::Removed);
  EXPECT_EQ(changes.count("main/a"), 0u);  // `a` reads `n` as before: unchanged
  ASSERT_EQ(c.args.size(), 1u);
  EXPECT_EQ(c.args[0].path, "$.n");
  ASSERT_TRUE(c.result_compared);
  ASSERT_EQ(c.result.size(), 3u);
  EXPECT_EQ(c.result[0].path, "$.b");
  EXPECT_EQ(c.result[0].before, "4");
  EXPECT_EQ(c.result[0].after, "9");
}

}  // namespace
}  // namespace plumb
