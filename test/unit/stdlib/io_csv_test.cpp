// io.read_csv and io.write_csv: RFC 4180 quoting, headers, inference, separators, errors and
// round trips.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <plumb/json.hpp>

namespace plumb::testing {
namespace {

std::string read_csv(const std::string& path, Args extra = {}) {
  extra["path"] = str(path);
  return to_json(run("io.read_csv", std::move(extra)));
}

TEST(IoReadCsv, HeaderQuotingAndLineEnds) {
  ScratchDir dir;
  std::string path = dir / "a.csv";
  write_text_file(path,
                  "\xEF\xBB\xBFname,quote,n\r\n"
                  "Ann,\"Hello, \"\"world\"\"\",1\r\n"
                  "\r\n"
                  "Bob,\"two\nlines\",\r\n");
  EXPECT_EQ(read_csv(path),
            "[{\"name\": \"Ann\", \"quote\": \"Hello, \\\"world\\\"\", \"n\": \"1\"}, "
            "{\"name\": \"Bob\", \"quote\": \"two\\nlines\", \"n\": \"\"}]");
  FakeStageContext ctx(stage("io.read_csv"), {{"path", str(path)}});
  stage("io.read_csv").run(ctx);
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 2);
  EXPECT_GT(ctx.attributes.at("plumb.bytes.read").as_int(), 40);
}

TEST(IoReadCsv, InferTypesOnlyForUnquotedCells) {
  ScratchDir dir;
  std::string path = dir / "n.csv";
  write_text_file(path, "a,b,c,d,e,f\n1,-2.5,,\"7\",1e3,inf\n");
  EXPECT_EQ(read_csv(path, {{"infer", Value::boolean(true)}}),
            "[{\"a\": 1, \"b\": -2.5, \"c\": null, \"d\": \"7\", \"e\": 1000.0, \"f\": \"inf\"}]");
  EXPECT_EQ(read_csv(path),
            "[{\"a\": \"1\", \"b\": \"-2.5\", \"c\": \"\", \"d\": \"7\", \"e\": \"1e3\", "
            "\"f\": \"inf\"}]");
}

TEST(IoReadCsv, WithoutHeaderAndOtherSeparators) {
  ScratchDir dir;
  std::string path = dir / "t.tsv";
  write_text_file(path, "x\ty\n1\t2\n");
  EXPECT_EQ(read_csv(path, {{"sep", str("\t")}, {"header", Value::boolean(false)}}),
            "[{\"col1\": \"x\", \"col2\": \"y\"}, {\"col1\": \"1\", \"col2\": \"2\"}]");
  write_text_file(path, "a;b\n\"1;2\";3\n");
  EXPECT_EQ(read_csv(path, {{"sep", str(";")}}), "[{\"a\": \"1;2\", \"b\": \"3\"}]");
  write_text_file(path, "");
  EXPECT_EQ(read_csv(path), "[]");
}

TEST(IoReadCsv, ErrorsNameTheLine) {
  ScratchDir dir;
  std::string path = dir / "bad.csv";
  auto error = [&](std::string_view text, Args extra = {}) {
    write_text_file(path, text);
    extra["path"] = str(path);
    return error_of("io.read_csv", std::move(extra));
  };
  std::string where = " of \"" + path + "\": ";
  EXPECT_EQ(error("a,b\n1,2\n1,2,3\n"),
            "io.read_csv: line 3" + where + "expected 2 fields, found 3");
  EXPECT_EQ(error("a,b,a\n"), "io.read_csv: line 1" + where + "duplicate column name \"a\"");
  EXPECT_EQ(error("a,b\n\"1,2\n"), "io.read_csv: line 2" + where + "unterminated quoted field");
  EXPECT_EQ(error("a,b\n\"1\"x,2\n"),
            "io.read_csv: line 2" + where + "unexpected character after a closing quote");
  EXPECT_EQ(error("a\n", {{"sep", str("ab")}}),
            "io.read_csv: argument `sep` must be one ASCII character other than a quote or a "
            "line break, not \"ab\"");
  EXPECT_EQ(error_of("io.read_csv", {{"path", str(dir / "none.csv")}}),
            "io.read_csv: cannot read \"" + (dir / "none.csv") + "\": no such file");
}

TEST(IoWriteCsv, QuotesWhatNeedsItAndRoundTrips) {
  ScratchDir dir;
  std::string path = dir / "out/w.csv";
  Value rows = list({record({{"name", str("Ann")}, {"note", str("a, \"b\"")}, {"n", integer(1)}}),
                     record({{"n", num(2.5)}, {"name", str("Bob")}, {"note", Value()}}),
                     record({{"name", str("two\nlines")},
                             {"note", Value::boolean(true)},
                             {"n", list({integer(1)})}})});
  FakeStageContext ctx(stage("io.write_csv"), {{"path", str(path)}, {"value", rows}});
  std::int64_t bytes = stage("io.write_csv").run(ctx).as_int();
  std::string expected = "name,note,n\nAnn,\"a, \"\"b\"\"\",1\nBob,,2.5\n\"two\nlines\",true,[1]\n";
  EXPECT_EQ(read_text_file(path), expected);
  EXPECT_EQ(bytes, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(ctx.attributes.at("plumb.items.in").as_int(), 3);
  EXPECT_EQ(read_csv(path, {{"infer", Value::boolean(true)}}),
            "[{\"name\": \"Ann\", \"note\": \"a, \\\"b\\\"\", \"n\": 1}, "
            "{\"name\": \"Bob\", \"note\": null, \"n\": 2.5}, "
            "{\"name\": \"two\\nlines\", \"note\": \"true\", \"n\": \"[1]\"}]");
  EXPECT_EQ(run("io.write_csv", {{"path", str(path)}, {"value", list({})}}).as_int(), 0);
  EXPECT_EQ(read_text_file(path), "");
}

TEST(IoWriteCsv, RowsMustBeRecordsWithTheSameKeys) {
  ScratchDir dir;
  std::string path = dir / "w.csv";
  write_text_file(path, "old");
  EXPECT_EQ(
      error_of("io.write_csv", {{"path", str(path)},
                                {"value", list({record({{"a", integer(1)}, {"b", integer(2)}}),
                                                record({{"a", integer(1)}, {"c", integer(2)}})})}}),
      "io.write_csv: argument `value`: row 1 has keys [\"a\", \"c\"], row 0 has "
      "[\"a\", \"b\"]");
  EXPECT_EQ(error_of("io.write_csv", {{"path", str(path)},
                                      {"value", list({record({{"a", integer(1)}}), integer(3)})}}),
            "io.write_csv: argument `value`: row 1 must be a record, not int");
  EXPECT_EQ(read_text_file(path), "old");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"w.csv"}));
}

}  // namespace
}  // namespace plumb::testing
