// The constant checks the compiler runs on literal arguments: the same message as the
// run-time error, nothing for good values, other parameters or values of the wrong type.
#include "test/unit/stdlib/stdlib_test.hpp"

namespace plumb::testing {
namespace {

std::string problem(std::string_view name, std::string_view param, const Value& value) {
  const ConstantCheck& check = stage(name).check_constant;
  if (!check) return "<no check>";
  return check(param, value).value_or("");
}

TEST(ConstantChecks, ReportTheRunTimeMessage) {
  EXPECT_EQ(problem("embed.hash", "dim", integer(0)),
            "embed.hash: argument `dim` must be between 1 and 65536, not 0");
  EXPECT_EQ(problem("data.join", "how", str("outer")),
            "data.join: argument `how` must be \"inner\" or \"left\", not \"outer\"");
  EXPECT_EQ(problem("data.take", "n", integer(-2)), "data.take: argument `n` must be >= 0, not -2");
  EXPECT_EQ(problem("text.split", "max_chars", integer(0)),
            "text.split: argument `max_chars` must be at least 1, not 0");
  EXPECT_EQ(problem("text.split", "overlap", integer(-1)),
            "text.split: argument `overlap` must be >= 0, not -1");
  EXPECT_EQ(problem("text.regex_replace", "pattern", str("a[")),
            "text.regex_replace: argument `pattern`: invalid regex \"a[\": unmatched '['");
  EXPECT_EQ(problem("vector.upsert", "collection", str("a/b")),
            "vector.upsert: argument `collection`: \"a/b\" is not a valid collection name "
            "(letters, digits, '_', '-' and '.', not starting with '.')");
  EXPECT_EQ(problem("vector.search", "k", integer(0)),
            "vector.search: argument `k` must be at least 1, not 0");
  EXPECT_EQ(problem("vector.search", "path", str("")),
            "vector.search: argument `path` must not be empty");
  EXPECT_EQ(problem("io.read_csv", "sep", str("ab")),
            "io.read_csv: argument `sep` must be one ASCII character other than a quote or a "
            "line break, not \"ab\"");
  EXPECT_EQ(problem("io.list_files", "glob", str("[a")),
            "io.list_files: argument `glob`: \"[a\" has an unterminated '['");
  EXPECT_EQ(problem("sys.sleep", "seconds", num(-1)),
            "sys.sleep: argument `seconds` must be a finite number >= 0, not -1s");
  EXPECT_EQ(problem("sys.env", "name", str("")),
            "sys.env: argument `name`: \"\" is not a valid environment variable name");
  EXPECT_EQ(problem("sys.shell", "timeout", integer(0)),
            "sys.shell: argument `timeout` must be > 0, not 0s");
  EXPECT_EQ(problem("quality.check", "rules", record({{"a", str("nonnull")}})),
            "quality.check: argument `rules`: field \"a\": unknown rule \"nonnull\" (expected "
            "\"not_null\", \"unique\", {min:, max:} or {regex:})");
}

TEST(ConstantChecks, AcceptGoodValuesOtherParametersAndWrongTypes) {
  EXPECT_EQ(problem("embed.hash", "dim", integer(64)), "");
  EXPECT_EQ(problem("embed.hash", "dim", str("x")), "");
  EXPECT_EQ(problem("embed.hash", "texts", integer(0)), "");
  EXPECT_EQ(problem("data.join", "how", str("left")), "");
  EXPECT_EQ(problem("text.regex_find", "pattern", str("^a+$")), "");
  EXPECT_EQ(problem("vector.search", "collection", str("docs-2024.v1")), "");
  EXPECT_EQ(problem("quality.check", "rules",
                    record({{"a", list({str("not_null"), record({{"min", integer(0)}})})}})),
            "");
  EXPECT_EQ(problem("sys.sleep", "seconds", num(0.5)), "");
}

}  // namespace
}  // namespace plumb::testing
