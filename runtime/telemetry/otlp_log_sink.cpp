// OtlpLogSink: encode on the writer's thread, send on the processor's.
#include "runtime/telemetry/otlp_log_sink.hpp"

#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

OtlpLogSink::OtlpLogSink(const OtlpSettings& settings, LogLevels levels,
                         std::shared_ptr<const Redactor> redactor,
                         std::chrono::milliseconds shutdown_timeout)
    : service_name_(settings.service_name),
      levels_(std::move(levels)),
      redactor_(std::move(redactor)),
      shutdown_timeout_(shutdown_timeout),
      protobuf_(settings.logs.protocol != OtlpProtocol::HttpJson),
      processor_(settings.batch,
                 make_otlp_transport(settings.logs, OtlpSignal::Logs, settings.headers),
                 [resource = sdk_resource(settings.resource),
                  protobuf = protobuf_](std::span<const ExportItem> items) {
                   return protobuf ? encode_logs_request_proto(items, resource)
                                   : encode_logs_request(items, resource);
                 }) {
}

OtlpLogSink::~OtlpLogSink() {
  shutdown();
}

void OtlpLogSink::write(const LogRecord& record) {
  if (!levels_.enabled(record.logger, record.level)) return;
  std::vector<ExportItem> items(1);
  items[0].service = !service_name_.empty()     ? service_name_
                     : !record.pipeline.empty() ? record.pipeline
                                                : std::string("plumb");
  if (protobuf_) {
    encode_log_proto(items[0].encoded, record, *redactor_);
  } else {
    encode_log(items[0].encoded, record, *redactor_);
  }
  processor_.enqueue(std::move(items));
}

void OtlpLogSink::stop() {
  processor_.stop(std::chrono::steady_clock::now() + shutdown_timeout_);
}

void OtlpLogSink::shutdown() {
  processor_.shutdown(std::chrono::steady_clock::now() + shutdown_timeout_);
}

}  // namespace plumb::telemetry
