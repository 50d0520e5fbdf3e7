// JSON log lines (correlation keys, RFC 3339 ns timestamps, sequence numbers, redaction at any
// depth and of URLs), text lines, per-logger levels (PLUMB_LOG syntax), and size-based rotation
// of the log file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include <plumb/json.hpp>

#include "runtime/telemetry/json_log_sink.hpp"

namespace plumb::telemetry {
namespace {

LogRecord sample_record() {
  LogRecord r;
  r.time_ns = 1700000000123456789;
  r.level = LogLevel::Error;
  r.message = "failed \"x\"";
  r.fields = {{"rows", Value::integer(3)}, {"api_key", Value::string("k")}};
  r.trace_id = "0123456789abcdeffedcba9876543210";
  r.span_id = "00000000000000ff";
  r.trace_flags = 1;
  r.pipeline = "main";
  r.node = "load";
  return r;
}

TEST(Logs, JsonLine) {
  auto line = nlohmann::json::parse(format_json_log(sample_record(), Redactor()));
  EXPECT_EQ(line["timestamp"], "2023-11-14T22:13:20.123456789Z");
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["logger"], "pipeline");
  EXPECT_EQ(line["message"], "failed \"x\"");
  EXPECT_EQ(line["fields"]["rows"], 3);
  EXPECT_EQ(line["fields"]["api_key"], "[REDACTED]");
  EXPECT_EQ(line["trace_id"], "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(line["span_id"], "00000000000000ff");
  EXPECT_EQ(line["trace_flags"], "01");
  EXPECT_EQ(line["pipeline"], "main");
  EXPECT_EQ(line["node"], "load");
  EXPECT_FALSE(line.contains("sequence"));  // not written in a run
}

// Issue 18, item 14: a secret key inside a record-valued field was printed in clear.
LogRecord nested_record() {
  LogRecord r = sample_record();
  r.message = "calling https://user:pw@api.example.com/v1?token=abc";
  r.fields = {{"config", parse_json(R"({"db":{"password":"hunter2","host":"h"},"ok":[1]})")},
              {"gen_ai.usage.input_tokens", Value::integer(12)}};
  r.sequence = 7;
  return r;
}

TEST(Logs, JsonLineRedactsAtAnyDepth) {
  auto line = nlohmann::json::parse(format_json_log(nested_record(), Redactor()));
  EXPECT_EQ(line["fields"]["config"]["db"]["password"], "[REDACTED]");
  EXPECT_EQ(line["fields"]["config"]["db"]["host"], "h");
  EXPECT_EQ(line["fields"]["gen_ai.usage.input_tokens"], 12);
  EXPECT_EQ(line["message"], "calling https://REDACTED:REDACTED@api.example.com/v1?token=REDACTED");
  EXPECT_EQ(line["sequence"], 7);
}

TEST(Logs, TextLineRedactsAtAnyDepth) {
  auto dir = std::filesystem::temp_directory_path() / ("plumb-text-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "run.log").string();
  {
    TextLogSink sink({}, LogOutput{path});
    sink.write(nested_record());
  }
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line.find("hunter2"), std::string::npos) << line;
  EXPECT_EQ(line.find("pw@"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("password": "[REDACTED]")"), std::string::npos) << line;
  EXPECT_NE(line.find("gen_ai.usage.input_tokens=12 seq=7 trace_id="), std::string::npos) << line;
  std::filesystem::remove_all(dir);
}

TEST(Logs, SinksSayWhichRecordsTheyWrite) {
  std::string error;
  auto levels = LogLevels::parse("warn,runtime=debug", {}, &error);
  ASSERT_TRUE(levels);
  auto text = std::make_shared<TextLogSink>(*levels);
  EXPECT_TRUE(text->enabled("runtime", LogLevel::Debug));
  EXPECT_FALSE(text->enabled("stdlib", LogLevel::Info));
  FanoutLogSink fanout({text, std::make_shared<JsonLogSink>()});
  EXPECT_TRUE(fanout.enabled("stdlib", LogLevel::Info));
  EXPECT_FALSE(fanout.enabled("stdlib", LogLevel::Debug));
}

TEST(Logs, Levels) {
  std::string error;
  auto levels = LogLevels::parse("warn,runtime=debug,stdlib=error", {}, &error);
  ASSERT_TRUE(levels);
  EXPECT_TRUE(levels->enabled("runtime", LogLevel::Debug));
  EXPECT_FALSE(levels->enabled("stdlib", LogLevel::Warn));
  EXPECT_FALSE(levels->enabled("pipeline", LogLevel::Info));
  EXPECT_TRUE(levels->enabled("pipeline", LogLevel::Warn));
  EXPECT_FALSE(LogLevels::parse("runtime=loud", {}, &error));
  EXPECT_EQ(error, "runtime=loud");
}

TEST(Logs, FileRotation) {
  auto dir = std::filesystem::temp_directory_path() / ("plumb-logs-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "run.log").string();
  {
    JsonLogSink sink({}, LogOutput{path, 2000, 2});
    for (int i = 0; i < 50; ++i)
      sink.write(sample_record());
  }
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(std::filesystem::exists(dir / "run.1.log"));
  EXPECT_TRUE(std::filesystem::exists(dir / "run.2.log"));
  EXPECT_FALSE(std::filesystem::exists(dir / "run.3.log"));
  EXPECT_LE(std::filesystem::file_size(path), 2000u);
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(nlohmann::json::parse(line)["node"], "load");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace plumb::telemetry
