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
            "count `{3,1}` (counts go up to 1000)");
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
  std::string long_line(200000, 'a');
  Value found = run("text.regex_find", {{"s", str(long_line)}, {"pattern", str(".*")}});
  ASSERT_FALSE(found.as_list().empty());
  EXPECT_EQ(found.as_list()[0].as_str().size(), 200000u);
  EXPECT_TRUE(
      run("text.regex_match", {{"s", str(long_line + "b")}, {"pattern", str("a+b$")}}).as_bool());
  std::string huge((4 << 20) + 1, 'a');
  EXPECT_TRUE(
      run("text.regex_match", {{"s", str(huge + "b")}, {"pattern", str("(a|b)+b$")}}).as_bool());
}

TEST(TextRegex, LongPatternsCompileOrFailClearly) {
  // 100,000 characters crashed std::regex's recursive compiler; RE2's is iterative.
  std::string literal(100000, 'a');
  EXPECT_FALSE(run("text.regex_match", {{"s", str("aaab")}, {"pattern", str(literal)}}).as_bool());
  std::string words;
  for (int i = 0; i < 10000; ++i)
    words += (i > 0 ? "|w" : "w") + std::to_string(i);
  // A 100,000-character alternation of words.
  EXPECT_EQ(strings(run("text.regex_find", {{"s", str("w17 w9999 w10000")},
                                            {"pattern", str("\\b(?:" + words + ")\\b")}})),
            (std::vector<std::string>{"w17", "w9999"}));
  std::string nested = std::string(50000, '(') + "a" + std::string(50000, ')');
  EXPECT_TRUE(run("text.regex_match", {{"s", str("a")}, {"pattern", str(nested)}}).as_bool());
  std::string too_large(1000000, 'a');
  EXPECT_EQ(error_of("text.regex_match", {{"s", str("a")}, {"pattern", str(too_large)}}),
            "text.regex_match: argument `pattern`: invalid regex \"" + std::string(80, 'a') +
                "...\": too large to compile (more than 8 MiB of compiled pattern)");
}

TEST(TextRegex, NestedQuantifiersTakeLinearTime) {
  // `(a+)+$` backtracks exponentially in ECMAScript engines: 2^40 steps on this input.
  std::string input = std::string(40, 'a') + "b";
  EXPECT_FALSE(run("text.regex_match", {{"s", str(input)}, {"pattern", str("(a+)+$")}}).as_bool());
  EXPECT_EQ(strings(run("text.regex_find", {{"s", str(input)}, {"pattern", str("(a|aa)+$")}})),
            (std::vector<std::string>{}));
}

TEST(TextRegex, UnsupportedConstructsAreNamed) {
  auto problem = [](std::string_view pattern) {
    return error_of("text.regex_match", {{"s", str("x")}, {"pattern", str(pattern)}});
  };
  std::string prefix = "text.regex_match: argument `pattern`: invalid regex ";
  EXPECT_EQ(problem("(a)\\1"), prefix +
                                   "\"(a)\\1\": back-reference `\\1` is not supported (RE2 "
                                   "has no back-references)");
  EXPECT_EQ(problem("(?<n>a)\\k<n>"), prefix +
                                          "\"(?<n>a)\\k<n>\": named groups are written "
                                          "`(?P<name>...)`");
  EXPECT_EQ(problem("a(?=b)"), prefix + "\"a(?=b)\": lookahead `(?=...)` is not supported");
  EXPECT_EQ(problem("a(?!b)"),
            prefix + "\"a(?!b)\": negative lookahead `(?!...)` is not supported");
  EXPECT_EQ(problem("(?<=a)b"), prefix + "\"(?<=a)b\": lookbehind `(?<=...)` is not supported");
  EXPECT_EQ(problem("(?<!a)b"),
            prefix + "\"(?<!a)b\": negative lookbehind `(?<!...)` is not supported");
  EXPECT_EQ(problem("\\u0041"),
            prefix + "\"\\u0041\": `\\uXXXX` is not supported; write `\\x{XXXX}`");
  EXPECT_EQ(problem("a\\"), prefix + "\"a\\\": trailing backslash");
  EXPECT_EQ(problem("[z-a]"), prefix + "\"[z-a]\": invalid character class or range `z-a`");
  const ConstantCheck& check = stage("text.regex_replace").check_constant;
  EXPECT_EQ(check("pattern", str("(a)\\1")).value_or(""),
            "text.regex_replace: argument `pattern`: invalid regex \"(a)\\1\": back-reference "
            "`\\1` is not supported (RE2 has no back-references)");
}

TEST(TextRegex, ReplacementsExpandLikeEcmaScript) {
  auto replace = [](std::string_view s, std::string_view pattern, std::string_view replacement) {
    return std::string(
        run("text.regex_replace",
            {{"s", str(s)}, {"pattern", str(pattern)}, {"replacement", str(replacement)}})
            .as_str());
  };
  EXPECT_EQ(replace("abc", "b", "[$&|$`|$']"), "a[b|a|c]c");
  EXPECT_EQ(replace("abc", "(b)", "$1$2$0$"), "ab$2$0$c");
  EXPECT_EQ(replace("abcdefghijkl", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "$11-$10-$1"), "k-j-al");
  EXPECT_EQ(replace("a-b", "(x)?-", "[$1]"), "a[]b");
  EXPECT_EQ(replace("baaa", "a*", "<$&>"), "<>b<aaa><>");
  EXPECT_EQ(replace("día", ".", "."), "...");
}

TEST(TextRegex, MatchesCodePointsOfUtf8) {
  EXPECT_EQ(strings(run("text.regex_find", {{"s", str("día ñ")}, {"pattern", str("\\pL")}})),
            (std::vector<std::string>{"d", "í", "a", "ñ"}));
  EXPECT_EQ(strings(run("text.regex_find", {{"s", str("é")}, {"pattern", str("")}})).size(), 2u);
}

}  // namespace
}  // namespace plumb::testing
