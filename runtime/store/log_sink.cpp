// StoreLogSink: warning and error records, with their fields redacted, kept by trace id until
// their run ends (Recording::finish takes them).
#include <cstdlib>

#include "runtime/store/redacted_json.hpp"
#include "runtime/store/sinks.hpp"
#include "runtime/store/store_impl.hpp"

namespace plumb::store {

StoreLogSink::StoreLogSink(std::shared_ptr<RunStore> store,
                           std::shared_ptr<const Redactor> redactor)
    : store_(std::move(store)), redactor_(std::move(redactor)) {
}

void StoreLogSink::write(const telemetry::LogRecord& record) {
  if (record.level < LogLevel::Warn || record.trace_id.empty()) return;
  StoredLog log;
  log.time_ns = record.time_ns;
  log.level = std::string(level_name(record.level));
  log.logger = record.logger;
  log.message = record.message;
  log.fields = redacted_json(record.fields, *redactor_);
  log.span_id = record.span_id.empty() ? 0 : std::strtoull(record.span_id.c_str(), nullptr, 16);
  log.pipeline = record.pipeline;
  log.node = record.node;
  store_->impl().add_log(record.trace_id, std::move(log));
}

}  // namespace plumb::store
