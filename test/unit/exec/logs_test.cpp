// The records a run writes: log calls in source order with ascending sequence numbers on many
// threads, the error record of a failed run, values of secret-like variables kept out of logs
// and PLUMB_TRACE_IO recordings, and metric labels with secret-like names redacted.
#include <cstdlib>
#include <mutex>

#include <plumb/json.hpp>

#include "test/unit/exec/support.hpp"

namespace plumb {
namespace {

using testing::TracedEngine;

// Keeps every record at or above `level`.
class MemoryLogSink : public telemetry::LogSink {
 public:
  explicit MemoryLogSink(LogLevel level = LogLevel::Info) : level_(level) {}
  void write(const telemetry::LogRecord& record) override {
    std::lock_guard lock(mutex_);
    records_.push_back(record);
  }
  bool enabled(std::string_view, LogLevel level) const override { return level >= level_; }
  std::vector<telemetry::LogRecord> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }

 private:
  LogLevel level_;
  mutable std::mutex mutex_;
  std::vector<telemetry::LogRecord> records_;
};

std::shared_ptr<MemoryLogSink> capture_logs(Program& program, LogLevel level = LogLevel::Info) {
  auto sink = std::make_shared<MemoryLogSink>(level);
  program.impl().engine->runtime.set_log_sink(sink);
  return sink;
}

// Issue 17, item 3: log calls of one body printed out of order even with one thread.
TEST(RunLogs, SourceOrderAndSequenceOnManyThreads) {
  TracedEngine traced(4);
  std::string source = "pipeline main(s: str = \"a b\") -> int {\n";
  for (int i = 1; i <= 40; ++i) {
    source += "  log.info(\"" + std::to_string(i) + "\")\n";
    source += "  w" + std::to_string(i) + " = text.words(s + \"" + std::to_string(i) + "\")\n";
  }
  source += "  return len(w1) + len(w40)\n}\n";
  Program program = traced.compile(source);
  auto sink = capture_logs(program);
  for (int run = 0; run < 5; ++run) {
    Result result = program.run({});
    ASSERT_TRUE(result.ok()) << result.error->describe();
  }
  const auto records = sink->records();
  ASSERT_EQ(records.size(), 200u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].message, std::to_string(i % 40 + 1));
    EXPECT_EQ(records[i].sequence, i % 40 + 1);  // per run
  }
}

// Issue 17, item 4: a failed run wrote no error record.
TEST(RunLogs, OneErrorRecordWhenTheRunFails) {
  TracedEngine traced;
  Program program = traced.compile(R"(pipeline main() {
  ys = map x in [1, 2, 3] {
    @retry(attempts: 2, backoff: 1ms)
    y = sys.fail("item failed")
    yield y
  }
  return ys
})");
  auto sink = capture_logs(program);
  Result result = program.run({});
  ASSERT_FALSE(result.ok());
  const auto records = sink->records();
  ASSERT_EQ(records.size(), 1u);
  const telemetry::LogRecord& error = records[0];
  EXPECT_EQ(error.logger, "runtime");
  EXPECT_EQ(error.level, LogLevel::Error);
  EXPECT_EQ(error.message, "item failed");
  EXPECT_EQ(error.node, "y");
  EXPECT_EQ(error.pipeline, "main");
  EXPECT_EQ(error.trace_id, result.trace_id);
  EXPECT_EQ(error.sequence, 1u);
  std::map<std::string, std::string> fields;
  for (const auto& [key, value] : error.fields)
    fields[key] = to_json(value);
  EXPECT_EQ(fields["error_type"], R"("stage_error")");
  EXPECT_EQ(fields["stage"], R"("sys.fail")");
  EXPECT_EQ(fields["line"], "4");
  EXPECT_EQ(fields["attempt"], "2");
  // The record names the span of the failed attempt.
  bool found = false;
  for (const auto& span : traced.named("y")) {
    if (span.error && telemetry::to_hex(span.span_id) == error.span_id) found = true;
  }
  EXPECT_TRUE(found) << error.span_id;
}

TEST(RunLogs, NoDebugRecordsUnlessAsked) {
  TracedEngine traced;
  Program program = traced.compile(R"(pipeline main(s: str = "a b") {
  a = text.words(s)
  return len(a)
})");
  auto quiet = capture_logs(program, LogLevel::Info);
  ASSERT_TRUE(program.run({}).ok());
  EXPECT_TRUE(quiet->records().empty());
  auto chatty = capture_logs(program, LogLevel::Debug);
  ASSERT_TRUE(program.run({}).ok());
  std::vector<std::string> messages;
  for (const auto& record : chatty->records())
    messages.push_back(record.logger + ": " + record.message);
  EXPECT_EQ(messages, (std::vector<std::string>{"runtime: run started", "runtime: node started",
                                                "runtime: node ended", "runtime: run ended"}));
}

// Issue 18, item 14: values read by sys.env from secret-like names were recorded in clear.
TEST(RunLogs, SecretVariablesStayOutOfLogsAndTraceIo) {
  ::setenv("PLUMB_TEST_API_TOKEN", "s3cr3t-value", 1);
  ::setenv("PLUMB_TEST_TOKEN_LIMIT", "7777", 1);
  TracedEngine traced;
  Program program = traced.compile(R"(pipeline main() -> str {
  key = sys.env("PLUMB_TEST_API_TOKEN")
  limit = sys.env("PLUMB_TEST_TOKEN_LIMIT")
  header = "Bearer " + str(key)
  url = "https://api.example.com/v1?token=abc123&page=" + str(limit)
  log.info("calling " + url, sent: header, limit: limit)
  return header + " " + url
})");
  auto sink = capture_logs(program);
  program.impl().engine->runtime.telemetry().set_trace_io(true);
  Result result = program.run({});
  program.impl().engine->runtime.telemetry().set_trace_io(false);
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(to_json(result.value),
            R"("Bearer s3cr3t-value https://api.example.com/v1?token=abc123&page=7777")");
  const auto records = sink->records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].message, "calling https://api.example.com/v1?token=abc123&page=7777");
  ASSERT_EQ(records[0].fields.size(), 2u);
  EXPECT_EQ(to_json(records[0].fields[0].second), R"("Bearer [REDACTED]")");
  EXPECT_EQ(to_json(records[0].fields[1].second), R"("7777")");  // not a secret's name
  std::string recorded;
  for (const auto& span : traced.spans->spans()) {
    for (const auto& [key, value] : span.attributes) {
      if (key.starts_with("plumb.input") || key == "plumb.output") recorded += to_json(value);
    }
  }
  EXPECT_NE(recorded.find("Bearer [REDACTED]"), std::string::npos) << recorded;
  EXPECT_NE(recorded.find("token=REDACTED&page=7777"), std::string::npos) << recorded;
  EXPECT_NE(recorded.find("7777"), std::string::npos) << recorded;
  EXPECT_EQ(recorded.find("s3cr3t-value"), std::string::npos) << recorded;
  EXPECT_EQ(recorded.find("abc123"), std::string::npos) << recorded;
}

// Issue 18, item 14: metric labels with secret-like names are redacted, with one warning.
TEST(RunLogs, SecretMetricLabelsAreRedacted) {
  TracedEngine traced;
  Program program = traced.compile(R"(pipeline main() {
  ys = map k in ["k1", "k2"] {
    @label(team: "data")
    c = metrics.counter("test_calls_total", 1, api_key: k, model: "m")
    yield k
  }
  return ys
})");
  auto sink = capture_logs(program);
  Result result = program.run({});
  ASSERT_TRUE(result.ok()) << result.error->describe();
  bool found = false;
  for (const auto& family : program.impl().engine->runtime.metrics().snapshot()) {
    if (family.name != "test_calls_total") continue;
    ASSERT_EQ(family.series.size(), 1u);
    EXPECT_EQ(family.series[0].value, 2);
    EXPECT_EQ(family.series[0].labels,
              (Labels{{"api_key", "[REDACTED]"}, {"model", "m"}, {"team", "data"}}));
    found = true;
  }
  EXPECT_TRUE(found);
  const auto records = sink->records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].level, LogLevel::Warn);
  EXPECT_EQ(records[0].message, "metric label looks secret: its values are recorded as [REDACTED]");
}

}  // namespace
}  // namespace plumb
