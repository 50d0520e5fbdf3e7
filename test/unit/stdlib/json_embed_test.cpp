// json.parse / json.dump and embed.hash.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <cmath>

namespace plumb::testing {
namespace {

TEST(Json, ParseAndDump) {
  EXPECT_EQ(stage("json.parse").signature.purity, Purity::Pure);
  Value v = run("json.parse", {{"s", str("{\"b\": [1, 2.0, null], \"a\": \"x\"}")}});
  EXPECT_EQ(v.shape().key(0), "b");
  EXPECT_TRUE(v.find_field("b")->as_list()[0].is_int());
  EXPECT_EQ(run("json.dump", {{"v", v}}).as_str(), "{\"b\": [1, 2.0, null], \"a\": \"x\"}");
  EXPECT_EQ(run("json.dump", {{"v", str("é\n")}}).as_str(), "\"é\\n\"");
}

TEST(Json, ParseErrorsNameThePosition) {
  EXPECT_EQ(error_of("json.parse", {{"s", str("[1,\n 2,,]")}}),
            "json.parse: argument `s`: line 2, column 4: syntax error while parsing value - "
            "unexpected ','; expected '[', '{', or a literal");
  EXPECT_EQ(error_of("json.parse", {{"s", integer(1)}}),
            "json.parse: argument `s` must be a str, not int");
}

std::vector<double> embed_one(std::string_view text, int dim = 256) {
  Value out = run("embed.hash", {{"texts", list({str(text)})}, {"dim", integer(dim)}});
  std::vector<double> v;
  for (const Value& x : out.as_list()[0].as_list())
    v.push_back(x.as_float());
  return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}

TEST(EmbedHash, DeterministicNormalisedAndPinned) {
  EXPECT_EQ(stage("embed.hash").signature.purity, Purity::Pure);
  std::vector<double> a = embed_one("The quick brown fox");
  EXPECT_EQ(a.size(), 256u);
  EXPECT_NEAR(dot(a, a), 1.0, 1e-12);
  EXPECT_EQ(a, embed_one("the QUICK brown fox!"));
  // FNV-1a 64 of "hello" is 0xa430d84680aabd0b: bucket 0x0b % 8 = 3, top bit set: sign -1.
  EXPECT_EQ(embed_one("hello", 8), (std::vector<double>{0, 0, 0, -1, 0, 0, 0, 0}));
}

TEST(EmbedHash, SimilarTextsAreCloser) {
  std::vector<double> q = embed_one("how do I reset my password");
  double near = dot(q, embed_one("reset your password in settings"));
  double far = dot(q, embed_one("the weather in paris is sunny"));
  EXPECT_GT(near, far);
}

TEST(EmbedHash, EmptyTextIsTheZeroVectorAndBatchesKeepOrder) {
  EXPECT_EQ(embed_one("  ...  ", 4), (std::vector<double>{0, 0, 0, 0}));
  FakeStageContext ctx(stage("embed.hash"), {{"texts", list({str("a"), str("b"), str("")})}});
  Value out = stage("embed.hash").run(ctx);
  ASSERT_EQ(out.as_list().size(), 3u);
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 3);
}

TEST(EmbedHash, RejectsBadInput) {
  EXPECT_EQ(error_of("embed.hash", {{"texts", list({str("a")})}, {"dim", integer(0)}}),
            "embed.hash: argument `dim` must be between 1 and 65536, not 0");
  EXPECT_EQ(error_of("embed.hash", {{"texts", list({str("a"), integer(2)})}}),
            "embed.hash: argument `texts`: item 1 must be a str, not int");
  EXPECT_EQ(error_of("embed.hash", {{"texts", str("a")}}),
            "embed.hash: argument `texts` must be a list, not str");
}

}  // namespace
}  // namespace plumb::testing
