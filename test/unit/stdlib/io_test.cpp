// io.read_* / io.write_* for text, lines and JSON, atomic-write behaviour and io.list_files.
#include "test/unit/stdlib/stdlib_test.hpp"

#include <sys/resource.h>

#include <csignal>

namespace plumb::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> strings(const Value& v) {
  std::vector<std::string> out;
  for (const Value& x : v.as_list())
    out.emplace_back(x.as_str());
  return out;
}

TEST(IoSignatures, PurityAndVersion) {
  for (auto name : {"io.read_text", "io.read_lines", "io.read_json", "io.read_jsonl", "io.read_csv",
                    "io.list_files"}) {
    EXPECT_EQ(stage(name).signature.purity, Purity::Volatile) << name;
  }
  for (auto name :
       {"io.write_text", "io.write_lines", "io.write_json", "io.write_jsonl", "io.write_csv"}) {
    EXPECT_EQ(stage(name).signature.purity, Purity::Effect) << name;
    EXPECT_EQ(stage(name).signature.version, "1") << name;
  }
}

TEST(IoReadText, ReadsBytesAndReportsThem) {
  ScratchDir dir;
  write_text_file(dir / "a.txt", "héllo\nworld");
  FakeStageContext ctx(stage("io.read_text"), {{"path", str(dir / "a.txt")}});
  EXPECT_EQ(stage("io.read_text").run(ctx).as_str(), "héllo\nworld");
  EXPECT_EQ(ctx.attributes.at("plumb.bytes.read").as_int(), 12);
}

TEST(IoReadText, MissingFilesAndDirectoriesAreErrors) {
  ScratchDir dir;
  EXPECT_EQ(error_of("io.read_text", {{"path", str(dir / "missing.txt")}}),
            "io.read_text: cannot read \"" + (dir / "missing.txt") + "\": no such file");
  EXPECT_EQ(error_of("io.read_text", {{"path", str(dir.path().string())}}),
            "io.read_text: cannot read \"" + dir.path().string() + "\": is a directory");
  EXPECT_EQ(error_of("io.read_text", {{"path", integer(1)}}),
            "io.read_text: argument `path` must be a str, not int");
}

TEST(IoReadLines, StripsTerminators) {
  ScratchDir dir;
  write_text_file(dir / "l.txt", "a\r\nb\n\nc\n");
  FakeStageContext ctx(stage("io.read_lines"), {{"path", str(dir / "l.txt")}});
  EXPECT_EQ(strings(stage("io.read_lines").run(ctx)),
            (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 4);
  write_text_file(dir / "e.txt", "");
  EXPECT_TRUE(run("io.read_lines", {{"path", str(dir / "e.txt")}}).as_list().empty());
  write_text_file(dir / "n.txt", "x");
  EXPECT_EQ(strings(run("io.read_lines", {{"path", str(dir / "n.txt")}})),
            (std::vector<std::string>{"x"}));
  EXPECT_EQ(error_of("io.read_lines", {{"path", str(dir / "none")}}),
            "io.read_lines: cannot read \"" + (dir / "none") + "\": no such file");
}

TEST(IoReadJson, ParsesAndNamesTheErrorPosition) {
  ScratchDir dir;
  write_text_file(dir / "d.json", "\xEF\xBB\xBF{\"b\": [1, 2.5], \"a\": null}");
  Value v = run("io.read_json", {{"path", str(dir / "d.json")}});
  EXPECT_EQ(v.shape().key(0), "b");
  EXPECT_EQ(v.find_field("b")->as_list()[1].as_float(), 2.5);
  write_text_file(dir / "bad.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
  EXPECT_EQ(error_of("io.read_json", {{"path", str(dir / "bad.json")}}),
            "io.read_json: line 3, column 7 of \"" + (dir / "bad.json") +
                "\": syntax error while parsing object separator - unexpected number literal; "
                "expected ':'");
}

TEST(IoReadJsonl, ReadsRecordsAndSkipsBlankLines) {
  ScratchDir dir;
  write_text_file(dir / "r.jsonl", "{\"id\": 1}\n\n{\"id\": 2, \"t\": \"x\"}\r\n");
  FakeStageContext ctx(stage("io.read_jsonl"), {{"path", str(dir / "r.jsonl")}});
  Value rows = stage("io.read_jsonl").run(ctx);
  ASSERT_EQ(rows.as_list().size(), 2u);
  EXPECT_EQ(rows.as_list()[1].find_field("t")->as_str(), "x");
  EXPECT_EQ(ctx.attributes.at("plumb.items.out").as_int(), 2);
}

TEST(IoReadJsonl, ErrorsNameTheLine) {
  ScratchDir dir;
  std::string path = dir / "x.jsonl";
  write_text_file(path, "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3 \"b\": 4}\n");
  EXPECT_EQ(error_of("io.read_jsonl", {{"path", str(path)}}),
            "io.read_jsonl: line 3 of \"" + path +
                "\": syntax error while parsing object - unexpected string literal; expected '}'");
  write_text_file(path, "{\"a\": 1}\n[1, 2]\n");
  EXPECT_EQ(error_of("io.read_jsonl", {{"path", str(path)}}),
            "io.read_jsonl: line 2 of \"" + path + "\": expected a JSON object, not list");
}

TEST(IoWrite, WritesCreatesParentsAndReturnsBytes) {
  ScratchDir dir;
  std::string path = dir / "out/deep/t.txt";
  FakeStageContext ctx(stage("io.write_text"), {{"path", str(path)}, {"value", str("hé")}});
  EXPECT_EQ(stage("io.write_text").run(ctx).as_int(), 3);
  EXPECT_EQ(read_text_file(path), "hé");
  EXPECT_EQ(ctx.attributes.at("plumb.bytes.written").as_int(), 3);
  EXPECT_EQ(run("io.write_text", {{"path", str(path)}, {"value", integer(42)}}).as_int(), 2);
  EXPECT_EQ(read_text_file(path), "42");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out", "out/deep", "out/deep/t.txt"}));
}

TEST(IoWrite, LinesJsonAndJsonl) {
  ScratchDir dir;
  run("io.write_lines", {{"path", str(dir / "l.txt")}, {"value", list({str("a"), integer(2)})}});
  EXPECT_EQ(read_text_file(dir / "l.txt"), "a\n2\n");
  Value doc = record({{"b", list({integer(1), num(2.5)})}, {"a", Value()}});
  run("io.write_json", {{"path", str(dir / "d.json")}, {"value", doc}});
  EXPECT_EQ(read_text_file(dir / "d.json"),
            "{\n  \"b\": [\n    1,\n    2.5\n  ],\n  \"a\": null\n}\n");
  EXPECT_EQ(run("io.read_json", {{"path", str(dir / "d.json")}}), doc);
  run("io.write_jsonl", {{"path", str(dir / "r.jsonl")}, {"value", list({doc, doc})}});
  EXPECT_EQ(read_text_file(dir / "r.jsonl"),
            "{\"b\": [1, 2.5], \"a\": null}\n{\"b\": [1, 2.5], \"a\": null}\n");
  EXPECT_EQ(run("io.read_jsonl", {{"path", str(dir / "r.jsonl")}}).as_list().size(), 2u);
}

TEST(IoWrite, RejectsBadValues) {
  ScratchDir dir;
  EXPECT_EQ(error_of("io.write_lines", {{"path", str(dir / "x")}, {"value", str("a")}}),
            "io.write_lines: argument `value` must be a list, not str");
  EXPECT_EQ(error_of("io.write_jsonl", {{"path", str(dir / "x")}, {"value", integer(1)}}),
            "io.write_jsonl: argument `value` must be a list, not int");
  EXPECT_EQ(error_of("io.write_json", {{"path", integer(1)}, {"value", integer(1)}}),
            "io.write_json: argument `path` must be a str, not int");
  EXPECT_TRUE(dir.entries().empty());
}

// Makes every write past `bytes` fail with EFBIG, like a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    previous_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previous_)(int) = nullptr;
};

TEST(IoWrite, AFailedWriteKeepsTheOldFileAndLeavesNoTempFile) {
  ScratchDir dir;
  std::string path = dir / "keep.txt";
  write_text_file(path, "old content");
  std::string message;
  {
    FileSizeLimit limit(64);
    message =
        error_of("io.write_text", {{"path", str(path)}, {"value", str(std::string(4096, 'x'))}});
  }
  EXPECT_EQ(message, "io.write_text: cannot write \"" + path + "\": file too large");
  EXPECT_EQ(read_text_file(path), "old content");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"keep.txt"}));
}

TEST(IoWrite, ReplacingADirectoryFailsWithoutLeftovers) {
  ScratchDir dir;
  fs::create_directories(dir.path() / "target" / "inner");
  EXPECT_EQ(error_of("io.write_text", {{"path", str(dir / "target")}, {"value", str("x")}}),
            "io.write_text: cannot write \"" + (dir / "target") + "\": is a directory");
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"target", "target/inner"}));
}

TEST(IoListFiles, MatchesGlobsSortedAndSkipsHiddenFiles) {
  ScratchDir dir;
  for (auto name : {"b.txt", "a.txt", "c.md", ".hidden.txt", "sub/d.txt", "sub/deeper/e.txt",
                    ".git/x.txt", ".a.txt.tmp-0123"}) {
    write_text_file(dir / name, "x");
  }
  std::string root = dir.path().string();
  auto list = [&](std::string_view glob) {
    std::vector<std::string> out;
    for (const std::string& p :
         strings(run("io.list_files", {{"dir", str(root)}, {"glob", str(glob)}}))) {
      out.push_back(p.substr(root.size() + 1));
    }
    return out;
  };
  EXPECT_EQ(strings(run("io.list_files", {{"dir", str(root)}})),
            (std::vector<std::string>{root + "/a.txt", root + "/b.txt", root + "/c.md"}));
  EXPECT_EQ(list("*.txt"), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(list("[a-b].t?t"), (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(list("[!a]*"), (std::vector<std::string>{"b.txt", "c.md"}));
  EXPECT_EQ(list(".*"), (std::vector<std::string>{".a.txt.tmp-0123", ".hidden.txt"}));
  EXPECT_EQ(list("sub/*.txt"), (std::vector<std::string>{"sub/d.txt"}));
  EXPECT_EQ(list("**/*.txt"),
            (std::vector<std::string>{"a.txt", "b.txt", "sub/d.txt", "sub/deeper/e.txt"}));
  EXPECT_EQ(list("sub/**"), (std::vector<std::string>{"sub/d.txt", "sub/deeper/e.txt"}));
  EXPECT_TRUE(list("*.csv").empty());
  EXPECT_EQ(strings(run("io.list_files", {{"dir", str(root + "/")}, {"glob", str("c.*")}})),
            (std::vector<std::string>{root + "/c.md"}));
}

TEST(IoListFiles, RejectsMissingDirectoriesAndBadGlobs) {
  ScratchDir dir;
  write_text_file(dir / "f", "x");
  EXPECT_EQ(error_of("io.list_files", {{"dir", str(dir / "nope")}}),
            "io.list_files: cannot list \"" + (dir / "nope") + "\": no such directory");
  EXPECT_EQ(error_of("io.list_files", {{"dir", str(dir / "f")}}),
            "io.list_files: cannot list \"" + (dir / "f") + "\": not a directory");
  EXPECT_EQ(error_of("io.list_files", {{"dir", str(dir.path().string())}, {"glob", str("a[b")}}),
            "io.list_files: argument `glob`: \"a[b\" has an unterminated '['");
  EXPECT_EQ(error_of("io.list_files", {{"dir", str(dir.path().string())}, {"glob", str("")}}),
            "io.list_files: argument `glob`: \"\" must not be empty");
}

}  // namespace
}  // namespace plumb::testing
