// text.sentiment: polarity, negation, intensifiers, caps, punctuation, "but", emoticons, range
// and bad input.
#include "test/unit/stdlib/stdlib_test.hpp"

#include "stdlib/sentiment_lexicon.hpp"

namespace plumb::testing {
namespace {

double score(std::string_view s) {
  return run("text.sentiment", {{"s", str(s)}}).as_float();
}

TEST(TextSentiment, LexiconIsEmbedded) {
  EXPECT_GT(stdlib::kSentimentLexiconSize, 7000u);
}

TEST(TextSentiment, Polarity) {
  EXPECT_GT(score("The food was good."), 0.3);
  EXPECT_LT(score("The food was terrible."), -0.3);
  EXPECT_EQ(score("The table is made of wood."), 0.0);
  EXPECT_EQ(score(""), 0.0);
}

TEST(TextSentiment, KnownValue) {
  // "good" has valence 1.9: 1.9 / sqrt(1.9^2 + 15).
  EXPECT_NEAR(score("good"), 1.9 / std::sqrt(1.9 * 1.9 + 15), 1e-6);
}

TEST(TextSentiment, NegationFlipsWithinThreeWords) {
  EXPECT_LT(score("The food was not good."), 0);
  EXPECT_LT(score("It isn't good at all"), 0);
  EXPECT_LT(score("This is never good"), 0);
  EXPECT_LT(score("Not really good"), 0);
  EXPECT_GT(score("not that I mind, the food was good"), 0);  // negation too far away
  EXPECT_GT(score("The food was not bad."), 0);
}

TEST(TextSentiment, IntensifiersAndDampeners) {
  EXPECT_GT(score("The food was very good."), score("The food was good."));
  EXPECT_LT(score("The food was slightly good."), score("The food was good."));
  EXPECT_LT(score("The food was extremely bad."), score("The food was bad."));
}

TEST(TextSentiment, CapsEmphasis) {
  EXPECT_GT(score("The food was GOOD."), score("The food was good."));
  // All caps everywhere is not emphasis.
  EXPECT_EQ(score("THE FOOD WAS GOOD"), score("the food was good"));
}

TEST(TextSentiment, ExclamationsUpToThree) {
  EXPECT_GT(score("good!"), score("good"));
  EXPECT_GT(score("good!!!"), score("good!!"));
  EXPECT_EQ(score("good!!!!!"), score("good!!!"));
  EXPECT_LT(score("bad!!!"), score("bad"));
  EXPECT_GT(score("good???"), score("good"));
}

TEST(TextSentiment, ButShiftsWeightToTheSecondClause) {
  EXPECT_LT(score("The food was great but the service was terrible."), 0);
  EXPECT_GT(score("The service was terrible but the food was great."), 0);
}

TEST(TextSentiment, EmoticonsAndRange) {
  EXPECT_GT(score("see you tomorrow :)"), 0);
  EXPECT_LT(score("see you tomorrow :("), 0);
  double high = score("WOW!!! This is the BEST, most amazing, wonderful, fantastic day ever!!!");
  EXPECT_GT(high, 0.9);
  EXPECT_LE(high, 1.0);
  EXPECT_GE(score("horrible awful terrible disgusting hateful disaster"), -1.0);
}

TEST(TextSentiment, RejectsNonStrings) {
  EXPECT_EQ(error_of("text.sentiment", {{"s", integer(1)}}),
            "text.sentiment: argument `s` must be a str, not int");
}

}  // namespace
}  // namespace plumb::testing
