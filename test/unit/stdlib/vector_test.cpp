// vector.upsert and vector.search: results, persistence, replacement, dimension checks,
// crash leftovers, corruption, concurrency and compaction.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <thread>

namespace plumb::testing {
namespace {

namespace fs = std::filesystem;

Value vec(std::vector<double> xs) {
  std::vector<Value> out;
  for (double x : xs)
    out.push_back(num(x));
  return list(std::move(out));
}

Value upsert(const ScratchDir& dir, std::string_view collection, std::vector<Value> ids,
             std::vector<Value> vectors, std::vector<Value> payloads = {}) {
  return run("vector.upsert", {{"collection", str(collection)},
                               {"ids", list(std::move(ids))},
                               {"vectors", list(std::move(vectors))},
                               {"payloads", list(std::move(payloads))},
                               {"path", str(dir.path().string())}});
}

Value search(const std::string& root, std::string_view collection, Value query, int k = 5) {
  return run("vector.search", {{"collection", str(collection)},
                               {"query", std::move(query)},
                               {"k", integer(k)},
                               {"path", str(root)}});
}

std::vector<std::string> ids_of(const Value& hits) {
  std::vector<std::string> out;
  for (const Value& h : hits.as_list()) {
    const Value& id = *h.find_field("id");
    out.push_back(id.is_str() ? std::string(id.as_str()) : std::to_string(id.as_int()));
  }
  return out;
}

void seed(const ScratchDir& dir) {
  upsert(dir, "docs", {str("a"), str("b"), str("c")},
         {vec({1, 0, 0}), vec({0.9, 0.1, 0}), vec({0, 0, 1})},
         {record({{"title", str("A")}}), record({{"title", str("B")}}), Value()});
}

TEST(VectorSignatures, PurityAndVersion) {
  EXPECT_EQ(stage("vector.upsert").signature.purity, Purity::Effect);
  EXPECT_EQ(stage("vector.search").signature.purity, Purity::Volatile);
  EXPECT_EQ(stage("vector.search").signature.version, "1");
}

TEST(Vector, UpsertThenSearchByCosine) {
  ScratchDir dir;
  EXPECT_EQ(upsert(dir, "docs", {str("a"), str("b")}, {vec({1, 0, 0}), vec({0, 1, 0})}).as_int(),
            2);
  seed(dir);
  Value hits = search(dir.path().string(), "docs", vec({2, 0, 0}), 2);
  ASSERT_EQ(hits.as_list().size(), 2u);
  EXPECT_EQ(ids_of(hits), (std::vector<std::string>{"a", "b"}));
  const Value& best = hits.as_list()[0];
  EXPECT_EQ(best.shape().key(0), "id");
  EXPECT_EQ(best.shape().key(1), "score");
  EXPECT_EQ(best.shape().key(2), "payload");
  EXPECT_NEAR(best.find_field("score")->as_float(), 1.0, 1e-6);
  EXPECT_NEAR(hits.as_list()[1].find_field("score")->as_float(), 0.9 / std::sqrt(0.82), 1e-6);
  EXPECT_EQ(best.find_field("payload")->find_field("title")->as_str(), "A");
}

TEST(Vector, ReportsItemsAndBytes) {
  ScratchDir dir;
  FakeStageContext up(stage("vector.upsert"), {{"collection", str("c")},
                                               {"ids", list({integer(1)})},
                                               {"vectors", list({vec({1, 2})})},
                                               {"path", str(dir.path().string())}});
  stage("vector.upsert").run(up);
  EXPECT_EQ(up.attributes.at("plumb.items.in").as_int(), 1);
  EXPECT_GT(up.attributes.at("plumb.bytes.written").as_int(), 40);
  FakeStageContext find(
      stage("vector.search"),
      {{"collection", str("c")}, {"query", vec({1, 2})}, {"path", str(dir.path().string())}});
  stage("vector.search").run(find);
  EXPECT_EQ(find.attributes.at("plumb.items.in").as_int(), 1);
  EXPECT_EQ(find.attributes.at("plumb.items.out").as_int(), 1);
}

TEST(Vector, PersistsAcrossRestarts) {
  ScratchDir dir;
  seed(dir);
  {
    StageRegistry again;
    stdlib::register_vector(again);
    const StageDef& def = *again.find("vector.search");
    FakeStageContext ctx(def, {{"collection", str("docs")},
                               {"query", vec({0.9, 0.1, 0})},
                               {"k", integer(1)},
                               {"path", str(dir.path().string())}});
    EXPECT_EQ(ids_of(def.run(ctx)), (std::vector<std::string>{"b"}));
  }
  // A copy under a new path is not in the in-process cache: everything comes from disk,
  // read through a fresh registry as a new process would.
  ScratchDir copy;
  fs::copy(dir.path(), copy.path(), fs::copy_options::recursive);
  StageRegistry fresh;
  stdlib::register_vector(fresh);
  const StageDef& def = *fresh.find("vector.search");
  FakeStageContext ctx(def, {{"collection", str("docs")},
                             {"query", vec({0, 0, 3})},
                             {"k", integer(1)},
                             {"path", str(copy.path().string())}});
  Value hits = def.run(ctx);
  EXPECT_EQ(ids_of(hits), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(hits.as_list()[0].find_field("payload")->is_null());
}

TEST(Vector, UpsertReplacesAnExistingId) {
  ScratchDir dir;
  seed(dir);
  upsert(dir, "docs", {str("c")}, {vec({1, 0, 0})}, {str("new")});
  Value hits = search(dir.path().string(), "docs", vec({1, 0, 0}), 10);
  EXPECT_EQ(hits.as_list().size(), 3u);
  EXPECT_EQ(ids_of(hits), (std::vector<std::string>{"a", "c", "b"}));
  EXPECT_EQ(hits.as_list()[1].find_field("payload")->as_str(), "new");
}

TEST(Vector, TiesAreBrokenByIdIntsFirst) {
  ScratchDir dir;
  upsert(dir, "t", {str("b"), integer(3), str("a"), integer(-1)},
         {vec({1, 1}), vec({1, 1}), vec({1, 1}), vec({1, 1})});
  EXPECT_EQ(ids_of(search(dir.path().string(), "t", vec({1, 1}))),
            (std::vector<std::string>{"-1", "3", "a", "b"}));
  // A zero query scores 0 against everything.
  Value hits = search(dir.path().string(), "t", vec({0, 0}), 1);
  EXPECT_EQ(hits.as_list()[0].find_field("score")->as_float(), 0.0);
}

TEST(Vector, DimensionMismatchesNameTheIndex) {
  ScratchDir dir;
  seed(dir);
  std::string root = dir.path().string();
  EXPECT_EQ(error_of("vector.upsert", {{"collection", str("docs")},
                                       {"ids", list({str("x"), str("y")})},
                                       {"vectors", list({vec({1, 2, 3}), vec({1, 2})})},
                                       {"path", str(root)}}),
            "vector.upsert: argument `vectors`: vectors[1] has 2 dimensions, collection \"docs\" "
            "has 3");
  EXPECT_EQ(error_of("vector.upsert", {{"collection", str("new")},
                                       {"ids", list({str("x"), str("y")})},
                                       {"vectors", list({vec({1, 2, 3}), vec({1, 2})})},
                                       {"path", str(root)}}),
            "vector.upsert: argument `vectors`: vectors[1] has 2 dimensions, vectors[0] has 3");
  EXPECT_EQ(error_of("vector.search",
                     {{"collection", str("docs")}, {"query", vec({1, 2})}, {"path", str(root)}}),
            "vector.search: argument `query` has 2 dimensions, collection \"docs\" has 3");
  EXPECT_FALSE(fs::exists(dir.path() / "new" / "manifest.json"));
}

TEST(Vector, RejectsBadArguments) {
  ScratchDir dir;
  std::string root = dir.path().string();
  Args base = {{"collection", str("c")},
               {"ids", list({str("a")})},
               {"vectors", list({vec({1})})},
               {"path", str(root)}};
  auto with = [&](std::string key, Value v) {
    Args a = base;
    a[key] = std::move(v);
    return a;
  };
  EXPECT_EQ(error_of("vector.upsert", with("collection", str("../etc"))),
            "vector.upsert: argument `collection`: \"../etc\" is not a valid collection name "
            "(letters, digits, '_', '-' and '.', not starting with '.')");
  EXPECT_EQ(error_of("vector.upsert", with("ids", list({num(1.5)}))),
            "vector.upsert: argument `ids`: item 0 must be a str or int, not float");
  EXPECT_EQ(error_of("vector.upsert", with("ids", list({str("a"), str("b")}))),
            "vector.upsert: argument `vectors` has 1 items, `ids` has 2");
  EXPECT_EQ(error_of("vector.upsert", with("payloads", list({Value(), Value()}))),
            "vector.upsert: argument `payloads` has 2 items, `ids` has 1 (give one per id, or "
            "none)");
  EXPECT_EQ(error_of("vector.upsert", with("vectors", list({vec({NAN})}))),
            "vector.upsert: argument `vectors`: vectors[0][0] must be a finite float32 number, "
            "not nan");
  EXPECT_EQ(error_of("vector.upsert", with("vectors", list({str("x")}))),
            "vector.upsert: argument `vectors`: vectors[0] must be a list of floats, not str");
  EXPECT_EQ(error_of("vector.upsert", with("vectors", list({list({})}))),
            "vector.upsert: argument `vectors`: vectors[0] has 0 dimensions; a collection needs "
            "1 to 65536");
  EXPECT_EQ(error_of("vector.search",
                     {{"collection", str("none")}, {"query", vec({1})}, {"path", str(root)}}),
            "vector.search: collection \"none\" does not exist in \"" + root + "\"");
  run("vector.upsert", base);
  EXPECT_EQ(
      error_of(
          "vector.search",
          {{"collection", str("c")}, {"query", vec({1})}, {"k", integer(0)}, {"path", str(root)}}),
      "vector.search: argument `k` must be at least 1, not 0");
  EXPECT_EQ(error_of("vector.search",
                     {{"collection", str("c")}, {"query", list({str("x")})}, {"path", str(root)}}),
            "vector.search: argument `query`: item 0 must be a finite number, not str");
}

TEST(Vector, CrashLeftoversAreIgnoredAndCleanedUp) {
  ScratchDir dir;
  seed(dir);
  fs::path c = dir.path() / "docs";
  // What a writer that crashed mid-way leaves: a torn temp segment, a complete segment the
  // manifest never listed, and a torn temp manifest.
  write_text_file((c / ".seg-000002.bin.tmp-0123456789abcdef").string(), "PLUMBVEC\x01 torn");
  fs::copy_file(c / "seg-000001.bin", c / "seg-000002.bin");
  write_text_file((c / ".manifest.json.tmp-0123456789abcdef").string(), "{\"format\": \"plu");
  ScratchDir copy;
  fs::copy(c, copy.path() / "docs", fs::copy_options::recursive);
  EXPECT_EQ(ids_of(search(copy.path().string(), "docs", vec({0, 0, 1}), 1)),
            (std::vector<std::string>{"c"}));

  upsert(dir, "docs", {str("d")}, {vec({0, 1, 0})});
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(c))
    files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  // The unlisted segment was replaced by the new one of the same number.
  EXPECT_EQ(files, (std::vector<std::string>{"LOCK", "manifest.json", "seg-000001.bin",
                                             "seg-000002.bin"}));
  EXPECT_EQ(search(dir.path().string(), "docs", vec({1, 1, 1}), 10).as_list().size(), 4u);
}

TEST(Vector, CorruptSegmentsAreReported) {
  ScratchDir dir;
  seed(dir);
  fs::path c = dir.path() / "docs";
  std::string bytes = read_text_file((c / "seg-000001.bin").string());
  bytes[44] = static_cast<char>(bytes[44] ^ 0x40);
  write_text_file((c / "seg-000001.bin").string(), bytes);
  ScratchDir copy;
  fs::copy(c, copy.path() / "docs", fs::copy_options::recursive);
  EXPECT_EQ(error_of("vector.search", {{"collection", str("docs")},
                                       {"query", vec({1, 0, 0})},
                                       {"path", str(copy.path().string())}}),
            "vector.search: collection \"docs\": corrupt segment \"seg-000001.bin\": checksum "
            "mismatch");
  write_text_file((c / "manifest.json").string(), "{\"format\": 1}");
  EXPECT_EQ(error_of("vector.search", {{"collection", str("docs")},
                                       {"query", vec({1, 0, 0})},
                                       {"path", str(dir.path().string())}}),
            "vector.search: collection \"docs\": corrupt manifest: not a plumb-vectors manifest");
}

TEST(Vector, ConcurrentUpsertsAndCompaction) {
  ScratchDir dir;
  constexpr int kBatches = 15;
  auto writer = [&](int thread) {
    for (int b = 0; b < kBatches; ++b) {
      std::vector<Value> ids, vectors;
      for (int i = 0; i < 4; ++i) {
        ids.push_back(integer(thread * 1000 + b * 10 + i));
        vectors.push_back(vec({1.0 + thread, static_cast<double>(b), static_cast<double>(i)}));
      }
      upsert(dir, "shared", std::move(ids), std::move(vectors));
    }
  };
  std::thread a(writer, 1);
  std::thread b(writer, 2);
  a.join();
  b.join();
  Value hits = search(dir.path().string(), "shared", vec({1, 1, 1}), 1000);
  EXPECT_EQ(hits.as_list().size(), 2u * kBatches * 4);
  std::size_t segments = 0;
  for (const auto& e : fs::directory_iterator(dir.path() / "shared")) {
    if (e.path().extension() == ".bin") ++segments;
  }
  EXPECT_LE(segments, 16u);  // 30 upserts: compacted at least once
}

}  // namespace
}  // namespace plumb::testing
