// text.split: boundaries (paragraph, sentence, word), overlap, long words, Unicode lengths and
// bad arguments.
#include "test/unit/stdlib/stdlib_test.hpp"

#include "base/value/unicode.hpp"

namespace plumb::testing {
namespace {

std::vector<std::string> split(std::string_view s, int max_chars, int overlap = 0) {
  Value out =
      run("text.split",
          {{"s", str(s)}, {"max_chars", integer(max_chars)}, {"overlap", integer(overlap)}});
  std::vector<std::string> chunks;
  for (const Value& c : out.as_list())
    chunks.emplace_back(c.as_str());
  return chunks;
}

TEST(TextSplit, ShortTextIsOneTrimmedChunk) {
  EXPECT_EQ(split("  Hello there.  \n", 100), (std::vector<std::string>{"Hello there."}));
  EXPECT_TRUE(split(" \n\t ", 100).empty());
  EXPECT_TRUE(split("", 10).empty());
}

TEST(TextSplit, PrefersParagraphBreaks) {
  std::string text = "First paragraph. It has two sentences.\n\nSecond paragraph here. More.";
  EXPECT_EQ(split(text, 60), (std::vector<std::string>{"First paragraph. It has two sentences.",
                                                       "Second paragraph here. More."}));
}

TEST(TextSplit, ThenSentenceEnds) {
  std::string text = "One two three. Four five six! Seven eight nine? Ten eleven.";
  EXPECT_EQ(split(text, 32), (std::vector<std::string>{"One two three. Four five six!",
                                                       "Seven eight nine? Ten eleven."}));
  // A closing quote after the full stop still ends the sentence.
  EXPECT_EQ(split("He said \"stop.\" Then he left.", 20),
            (std::vector<std::string>{"He said \"stop.\"", "Then he left."}));
}

TEST(TextSplit, ThenWordsAndNeverInsideAWord) {
  std::string text = "alpha beta gamma delta epsilon zeta eta theta";
  std::vector<std::string> chunks = split(text, 12);
  EXPECT_EQ(chunks,
            (std::vector<std::string>{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}));
  for (const std::string& c : chunks)
    EXPECT_LE(c.size(), 12u);
}

TEST(TextSplit, AWordLongerThanMaxCharsIsAChunkOfItsOwn) {
  EXPECT_EQ(split("a https://example.com/a/very/long/path b", 10),
            (std::vector<std::string>{"a", "https://example.com/a/very/long/path", "b"}));
}

TEST(TextSplit, OverlapRepeatsTrailingWords) {
  std::string text = "one two three four five six seven eight";
  EXPECT_EQ(split(text, 15, 9),
            (std::vector<std::string>{"one two three", "two three four", "four five six",
                                      "five six seven", "six seven eight"}));
  // Every chunk brings at least one new word, even when the overlap holds a strong break.
  std::vector<std::string> chunks = split("A b.\n\nC d e f g h.", 8, 6);
  ASSERT_FALSE(chunks.empty());
  EXPECT_EQ(chunks.back().substr(chunks.back().size() - 2), "h.");
  for (std::size_t i = 1; i < chunks.size(); ++i)
    EXPECT_NE(chunks[i], chunks[i - 1]);
}

TEST(TextSplit, CountsCodePointsNotBytes) {
  std::string text = "héllo wörld ñandú çava";  // 22 code points, 27 bytes
  EXPECT_EQ(split(text, 22), (std::vector<std::string>{text}));
  std::vector<std::string> chunks = split(text, 11);
  EXPECT_EQ(chunks, (std::vector<std::string>{"héllo wörld", "ñandú çava"}));
  for (const std::string& c : chunks)
    EXPECT_LE(unicode::code_point_count(c), 11u);
}

TEST(TextSplit, KeepsInnerWhiteSpaceAndLineBreaksAreBoundaries) {
  EXPECT_EQ(split("- item one\n- item two\n- item three", 22),
            (std::vector<std::string>{"- item one\n- item two", "- item three"}));
}

TEST(TextSplit, ReportsItems) {
  FakeStageContext ctx(stage("text.split"), {{"s", str("a b c")}, {"max_chars", integer(1)}});
  stage("text.split").run(ctx);
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 3);
}

TEST(TextSplit, RejectsBadArguments) {
  EXPECT_EQ(error_of("text.split", {{"s", str("x")}, {"max_chars", integer(0)}}),
            "text.split: argument `max_chars` must be at least 1, not 0");
  EXPECT_EQ(error_of("text.split", {{"s", str("x")}, {"overlap", integer(-1)}}),
            "text.split: argument `overlap` must be >= 0, not -1");
  EXPECT_EQ(error_of("text.split",
                     {{"s", str("x")}, {"max_chars", integer(10)}, {"overlap", integer(10)}}),
            "text.split: argument `overlap` (10) must be less than `max_chars` (10)");
  EXPECT_EQ(error_of("text.split", {{"s", list({})}}),
            "text.split: argument `s` must be a str, not list");
}

}  // namespace
}  // namespace plumb::testing
