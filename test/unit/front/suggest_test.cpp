// "Did you mean" suggestions: optimal string alignment distance with a bound of a third of the
// word's length, no suggestion for very short or very long words, and a stable choice on ties.
#include <gtest/gtest.h>

#include "compiler/check/suggest.hpp"

namespace plumb::check {
namespace {

const std::vector<std::string> kNames = {"threshold",    "rows",         "count", "counter",
                                         "io.read_text", "io.read_json", "sort",  "sum"};

TEST(Suggest, OneEditAway) {
  EXPECT_EQ(closest("treshold", kNames), "threshold");    // deletion
  EXPECT_EQ(closest("thresholds", kNames), "threshold");  // insertion
  EXPECT_EQ(closest("thrashold", kNames), "threshold");   // substitution
  EXPECT_EQ(closest("io.read_txt", kNames), "io.read_text");
}

TEST(Suggest, TransposedLettersAreOneEdit) {
  EXPECT_EQ(closest("thresohld", kNames), "threshold");
  EXPECT_EQ(closest("rwos", kNames), "rows");
  EXPECT_EQ(closest("srot", kNames), "sort");
}

TEST(Suggest, TooFarAwayGivesNothing) {
  EXPECT_EQ(closest("limit", kNames), std::nullopt);
  EXPECT_EQ(closest("threshold_value", kNames), std::nullopt);  // 6 edits > 15 / 3
  EXPECT_EQ(closest("metrics.frobnicate", kNames), std::nullopt);
}

TEST(Suggest, BoundGrowsWithTheWord) {
  // Three letters allow one edit; nine allow three.
  EXPECT_EQ(closest("sun", kNames), "sum");
  EXPECT_EQ(closest("snu", kNames), std::nullopt);      // two edits from `sum`
  EXPECT_EQ(closest("thrsehld", kNames), "threshold");  // transposition + deletion
  EXPECT_EQ(closest("xyz", kNames), std::nullopt);
}

TEST(Suggest, ShortAndHugeWordsGetNoSuggestion) {
  EXPECT_EQ(closest("so", kNames), std::nullopt);
  EXPECT_EQ(closest("", kNames), std::nullopt);
  EXPECT_EQ(closest(std::string(65, 'a'), {std::string(65, 'a')}), std::nullopt);
  EXPECT_EQ(closest("rows", {}), std::nullopt);
}

TEST(Suggest, ExactMatchAndTiesAreStable) {
  EXPECT_EQ(closest("count", kNames), "count");
  // `coun` is one edit from `count` and two from `counter`.
  EXPECT_EQ(closest("coun", kNames), "count");
  // Equal distances: the alphabetically first candidate, whatever the order given.
  EXPECT_EQ(closest("cat", {"cut", "bat", "cab"}), "bat");
  EXPECT_EQ(closest("cat", {"cab", "cut", "bat"}), "bat");
}

TEST(Suggest, DidYouMeanText) {
  EXPECT_EQ(did_you_mean("rwos", kNames), "; did you mean `rows`?");
  EXPECT_EQ(did_you_mean("nothing_close", kNames), "");
}

}  // namespace
}  // namespace plumb::check
