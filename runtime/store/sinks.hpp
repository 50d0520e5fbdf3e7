// How a run's telemetry reaches the store. StoreSpanSink is a span exporter: it must not drop
// (lossless()), turns each span of a run being recorded into a row (what the node's metadata
// does not already say, secrets redacted), counts the spans of each run against the store's
// cap (beyond it, 1 span in 100 is kept, errors always, and the rest are counted as left
// out) and hands the rows to the store's writer thread. StoreLogSink keeps the warning and
// error records for the run of their trace.
#pragma once

#include <memory>

#include <plumb/store.hpp>

#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/logs.hpp"
#include "runtime/telemetry/redaction.hpp"

namespace plumb::store {

class StoreSpanSink : public telemetry::SpanExporter {
 public:
  StoreSpanSink(std::shared_ptr<RunStore> store, std::shared_ptr<const Redactor> redactor);
  bool lossless() const override { return true; }
  void export_spans(std::span<const telemetry::SpanView> spans) override;

 private:
  std::shared_ptr<RunStore> store_;
  std::shared_ptr<const Redactor> redactor_;
};

class StoreLogSink : public telemetry::LogSink {
 public:
  StoreLogSink(std::shared_ptr<RunStore> store, std::shared_ptr<const Redactor> redactor);
  void write(const telemetry::LogRecord& record) override;
  // Warnings and errors only: the store keeps no debug or info records.
  bool enabled(std::string_view, LogLevel level) const override { return level >= LogLevel::Warn; }

 private:
  std::shared_ptr<RunStore> store_;
  std::shared_ptr<const Redactor> redactor_;
};

}  // namespace plumb::store
