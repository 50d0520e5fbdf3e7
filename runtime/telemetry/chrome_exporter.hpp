// The Chrome trace exporter (`--trace-out trace.json`): writes spans as complete events
// (`"ph":"X"`) of the Trace Event format, one `tid` per worker thread, streamed to the file
// batch by batch so a million spans never sit in memory. The file opens in Perfetto and
// chrome://tracing. Errors are events with `"error": true` and the exception in `args`;
// attributes with secret-looking keys are `[REDACTED]`. The exporter is lossless: every span
// recorded reaches the file, and a write that fails (disk full) is its output error.
#pragma once

#include <array>
#include <memory>
#include <set>
#include <string>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/output_file.hpp"
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

// Attribute keys as the writer emits them, `,"key":` (or, for a key the redactor finds
// secret, the whole member `,"key":"[REDACTED]"`), kept per key: spans repeat the same few
// keys, and finding a key's slot costs far less than escaping it and matching it against
// the patterns. A slot holds a copy of its key, so an entry never serves another key.
class EncodedKeys {
 public:
  struct Entry {
    std::string text;
    bool secret = false;
  };
  explicit EncodedKeys(std::shared_ptr<const Redactor> redactor) : redactor_(std::move(redactor)) {}
  const Entry& find(std::string_view key);
  const Redactor& redactor() const { return *redactor_; }

 private:
  static constexpr std::size_t kMaxKey = 64;  // longer keys are encoded every time
  struct Slot {
    std::string key;
    Entry entry;
    bool known = false;
  };
  void encode(std::string_view key, Entry& entry) const;

  std::shared_ptr<const Redactor> redactor_;
  std::array<Slot, 128> slots_;  // 64 sets of two (chrome_exporter.cpp's set_of())
  Entry long_key_;
};

class ChromeTraceExporter : public SpanExporter {
 public:
  // Throws std::runtime_error when the file cannot be created.
  ChromeTraceExporter(const std::string& path, std::shared_ptr<const Redactor> redactor);
  ~ChromeTraceExporter() override;

  bool lossless() const override { return true; }
  void export_spans(std::span<const SpanView> spans) override;
  void flush() override;
  void shutdown() override;
  std::string output_error() const override;

 private:
  void close();

  OutputFile file_;
  EncodedKeys keys_;
  bool first_ = true;
  std::set<std::uint32_t> named_threads_;
  std::string buffer_;
};

}  // namespace plumb::telemetry
