// Requested outputs are checked: OutputFile reports a write that fails (/dev/full) with the
// file's name and the reason and writes nothing after it; the file exporters report it as
// their output error.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "runtime/telemetry/chrome_exporter.hpp"
#include "runtime/telemetry/otlp_exporter.hpp"
#include "runtime/telemetry/output_file.hpp"
#include "runtime/telemetry/span_loss.hpp"

namespace plumb::telemetry {
namespace {

constexpr const char* kFull = "cannot write trace file /dev/full: No space left on device";

TEST(OutputFile, ReportsAFullDeviceAtTheFlush) {
  OutputFile file("/dev/full", "trace file");
  file.write("[\n");
  EXPECT_EQ(file.error(), "");  // still in the buffer
  file.flush();
  EXPECT_EQ(file.error(), kFull);
  EXPECT_FALSE(file.is_open());
  file.write("more");
  file.close();
  EXPECT_EQ(file.error(), kFull);
}

TEST(OutputFile, ReportsAFullDeviceAtTheClose) {
  OutputFile file("/dev/full", "trace file");
  file.write("[\n");
  file.close();
  EXPECT_EQ(file.error(), kFull);
}

TEST(OutputFile, ReportsAWriteLargerThanItsBuffer) {
  OutputFile file("/dev/full", "otlp file");
  file.write(std::string(1 << 20, 'x'));
  EXPECT_EQ(file.error(), "cannot write otlp file /dev/full: No space left on device");
}

TEST(OutputFile, NamesTheReasonWhenItCannotBeCreated) {
  try {
    OutputFile file("/nonexistent-dir/t.json", "trace file");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(),
                 "cannot create trace file /nonexistent-dir/t.json: No such file or directory");
  }
}

TEST(OutputFile, WritesEverythingWhenAllIsWell) {
  const std::string path = ::testing::TempDir() + "/output_file_test.txt";
  {
    OutputFile file(path, "trace file");
    file.write("hello ");
    file.write("world");
    file.close();
    EXPECT_EQ(file.error(), "");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "hello world");
}

TEST(FileExporters, AreLosslessAndReportTheirOutputError) {
  auto redactor = std::make_shared<const Redactor>();
  ChromeTraceExporter chrome("/dev/full", redactor);
  EXPECT_TRUE(chrome.lossless());
  chrome.flush();
  EXPECT_EQ(chrome.output_error(), kFull);
  OtlpFileExporter otlp("/dev/full", OtlpSettings{}, redactor);
  EXPECT_TRUE(otlp.lossless());
  NodeMeta node{{"main", "x", "sys.shell", "f.pipe", 1, 1}, 0, "", {}};
  SpanRecord record;
  record.node = &node;
  SpanView view(record);
  otlp.export_spans(std::span<const SpanView>(&view, 1));
  otlp.shutdown();
  EXPECT_EQ(otlp.output_error(), "cannot write otlp file /dev/full: No space left on device");
}

TEST(SpanLoss, GroupsThousands) {
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1234), "1,234");
  EXPECT_EQ(group_thousands(1000000), "1,000,000");
}

}  // namespace
}  // namespace plumb::telemetry
