// JSON log lines (correlation keys, RFC 3339 ns timestamps, redaction), per-logger levels
// (PLUMB_LOG syntax), and size-based rotation of the log file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

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
