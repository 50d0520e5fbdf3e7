// text.words, text.tokens and text.regex_*: results, constant checks and bad input.
#include "test/unit/stdlib/stdlib_test.hpp"

namespace plumb::testing {
namespace {

std::vector<std::string> strings(const Value& v) {
  std::vector<std::string> out;
  for (const Value& x : v.as_list())
    out.emplace_back(x.as_str());
  return out;
}

TEST(TextSignatures, AllPureVersionOne) {
  for (auto name : {"text.words", "text.tokens", "text.regex_find", "text.regex_replace",
                    "text.regex_match", "text.split", "text.sentiment"}) {
    EXPECT_EQ(stage(name).signature.purity, Purity::Pure) << name;
    EXPECT_EQ(stage(name).signature.version, "1") << name;
  }
}

TEST(TextWords, LowerCasesAndSplitsOnNonLetters) {
  EXPECT_EQ(strings(run("text.words", {{"s", str("Hello, World! It's 2024 -- don't stop.")}})),
            (std::vector<std::string>{"hello", "world", "it's", "2024", "don't", "stop"}));
  EXPECT_EQ(strings(run("text.words", {{"s", str("ÉCOLE Straße ΑΘΗΝΑ Москва")}})),
            (std::vector<std::string>{"école", "straße", "αθηνα", "москва"}));
  EXPECT_EQ(strings(run("text.words", {{"s", str("rock 'n' roll, can\u2019t")}})),
            (std::vector<std::string>{"rock", "n", "roll", "can't"}));
  EXPECT_TRUE(run("text.words", {{"s", str("  ...  ")}}).as_list().empty());
}

TEST(TextWords, RejectsNonStrings) {
  EXPECT_EQ(error_of("text.words", {{"s", integer(3)}}),
            "text.words: argument `s` must be a str, not int");
}

TEST(TextTokens, EstimatesDeterministically) {
  auto tokens = [](std::string_view s) { return run("text.tokens", {{"s", str(s)}}).as_int(); };
  EXPECT_EQ(tokens(""), 0);
  EXPECT_EQ(tokens("hello world"), 2);
  EXPECT_EQ(tokens("Hello, world!"), 4);
  EXPECT_EQ(tokens("tokenization"), 3);
  EXPECT_EQ(tokens("1234567"), 3);
  EXPECT_EQ(tokens("日本語"), 3);
  EXPECT_EQ(error_of("text.tokens", {{"s", Value()}}),
            "text.tokens: argument `s` must be a str, not null");
}

TEST(TextRegex, FindsReplacesAndMatches) {
  EXPECT_EQ(
      strings(run("text.regex_find", {{"s", str("a1 b22 c333")}, {"pattern", str("[a-z](\\d+)")}})),
      (std::vector<std::string>{"a1", "b22", "c333"}));
  EXPECT_TRUE(
      run("text.regex_find", {{"s", str("abc")}, {"pattern", str("\\d")}}).as_list().empty());
  EXPECT_EQ(strings(run("text.regex_find", {{"s", str("abc")}, {"pattern", str("x*")}})).size(),
            4u);
  EXPECT_EQ(run("text.regex_replace", {{"s", str("John Smith")},
                                       {"pattern", str("(\\w+) (\\w+)")},
                                       {"replacement", str("$2, $1")}})
                .as_str(),
            "Smith, John");
  EXPECT_EQ(run("text.regex_replace",
                {{"s", str("a-b-c")}, {"pattern", str("-")}, {"replacement", str("$$")}})
                .as_str(),
            "a$b$c");
  EXPECT_TRUE(
      run("text.regex_match", {{"s", str("order #42")}, {"pattern", str("#\\d+")}}).as_bool());
  EXPECT_FALSE(run("text.regex_match", {{"s", str("none")}, {"pattern", str("^\\d")}}).as_bool());
}

TEST(TextRegex, BadPatternsFailAtRunTimeAndInTheConstantCheck) {
  EXPECT_EQ(error_of("text.regex_find", {{"s", str("x")}, {"pattern", str("a[")}}),
            "text.regex_find: argument `pattern`: invalid regex \"a[\": unmatched '['");
  EXPECT_EQ(error_of("text.regex_match", {{"s", str("x")}, {"pattern", str("(a")}}),
            "text.regex_match: argument `pattern`: invalid regex \"(a\": unmatched '(' or ')'");
  EXPECT_EQ(error_of("text.regex_replace",
                     {{"s", str("x")}, {"pattern", str("*a")}, {"replacement", str("")}}),
            "text.regex_replace: argument `pattern`: invalid regex \"*a\": '*', '+', '?' or '{' "
            "with nothing to repeat");
  EXPECT_EQ(error_of("text.regex_find", {{"s", str("x")}, {"pattern", str("(a[)]")}}),
            "text.regex_find: argument `pattern`: invalid regex \"(a[)]\": unmatched '(' or ')'");
  EXPECT_EQ(error_of("text.regex_find", {{"s", str("x")}, {"pattern", str("a{3,1}")}}),
            "text.regex_find: argument `pattern`: invalid regex \"a{3,1}\": invalid repetition "
            "count in '{}'");
  const ConstantCheck& check = stage("text.regex_find").check_constant;
  ASSERT_TRUE(check);
  EXPECT_EQ(check("pattern", str("a[")).value_or(""),
            "text.regex_find: argument `pattern`: invalid regex \"a[\": unmatched '['");
  EXPECT_FALSE(check("pattern", str("a+")).has_value());
  EXPECT_FALSE(check("s", str("a[")).has_value());
  EXPECT_EQ(error_of("text.regex_find", {{"s", str("x")}, {"pattern", integer(1)}}),
            "text.regex_find: argument `pattern` must be a str, not int");
}

TEST(TextRegex, LongMatchesDoNotOverflowTheStack) {
  // libstdc++'s matcher recurses per character: `.*` over 200,000 characters needs far more
  // than a default thread stack.
  std::string long_line(200000, 'a');
  Value found = run("text.regex_find", {{"s", str(long_line)}, {"pattern", str(".*")}});
  ASSERT_FALSE(found.as_list().empty());
  EXPECT_EQ(found.as_list()[0].as_str().size(), 200000u);
  EXPECT_TRUE(
      run("text.regex_match", {{"s", str(long_line + "b")}, {"pattern", str("a+b$")}}).as_bool());
  std::string huge((4 << 20) + 1, 'a');
  EXPECT_EQ(error_of("text.regex_match", {{"s", str(huge)}, {"pattern", str("b")}}),
            "text.regex_match: argument `s` has 4194305 bytes; regular expressions take at most "
            "4194304");
}

}  // namespace
}  // namespace plumb::testing
