// OTLP trace exporters over HTTP and to a JSON Lines file.
#include "runtime/telemetry/otlp_exporter.hpp"

#include <stdexcept>

#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/otlp_transport.hpp"

namespace plumb::telemetry {

namespace {

std::vector<ExportItem> encode_all(std::span<const SpanView> spans, const std::string& service,
                                   const Redactor& redactor, bool protobuf = false) {
  std::vector<ExportItem> items;
  items.reserve(spans.size());
  for (const SpanView& span : spans) {
    ExportItem item{span_service(span, service), {}};
    item.encoded.reserve(640);
    if (protobuf) {
      encode_span_proto(item.encoded, span, redactor);
    } else {
      encode_span(item.encoded, span, redactor);
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

std::string span_service(const SpanView& span, const std::string& configured) {
  if (!configured.empty()) return configured;
  const SpanRecord& r = span.record();
  if (r.run) return r.run->pipeline;
  return r.node ? r.node->pipeline : "plumb";
}

OtlpTraceExporter::OtlpTraceExporter(const OtlpSettings& settings,
                                     std::shared_ptr<const Redactor> redactor,
                                     std::chrono::milliseconds shutdown_timeout)
    : service_name_(settings.service_name),
      redactor_(std::move(redactor)),
      shutdown_timeout_(shutdown_timeout),
      protobuf_(settings.traces.protocol != OtlpProtocol::HttpJson),
      processor_(settings.batch,
                 make_otlp_transport(settings.traces, OtlpSignal::Traces, settings.headers),
                 [resource = sdk_resource(settings.resource),
                  protobuf = protobuf_](std::span<const ExportItem> items) {
                   return protobuf ? encode_traces_request_proto(items, resource)
                                   : encode_traces_request(items, resource);
                 }) {
}

void OtlpTraceExporter::export_spans(std::span<const SpanView> spans) {
  processor_.enqueue(encode_all(spans, service_name_, *redactor_, protobuf_));
}

void OtlpTraceExporter::flush() {
  processor_.flush_async();
}

void OtlpTraceExporter::stop() {
  processor_.stop(std::chrono::steady_clock::now() + shutdown_timeout_);
}

void OtlpTraceExporter::shutdown() {
  processor_.shutdown(std::chrono::steady_clock::now() + shutdown_timeout_);
  const BatchStats stats = processor_.stats();
  if (stats.dropped > 0 && !warned_) {
    warned_ = true;
    std::fprintf(stderr,
                 "plumb: warning: %llu spans were dropped: the export queue was full or "
                 "the export failed\n",
                 static_cast<unsigned long long>(stats.dropped));
  }
}

OtlpFileExporter::OtlpFileExporter(const std::string& path, const OtlpSettings& settings,
                                   std::shared_ptr<const Redactor> redactor)
    : service_name_(settings.service_name),
      resource_(sdk_resource(settings.resource)),
      redactor_(std::move(redactor)) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot create otlp file " + path);
}

OtlpFileExporter::~OtlpFileExporter() {
  shutdown();
}

void OtlpFileExporter::export_spans(std::span<const SpanView> spans) {
  if (!file_ || spans.empty()) return;
  std::vector<ExportItem> items = encode_all(spans, service_name_, *redactor_);
  std::string line = encode_traces_request(items, resource_);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), file_);
}

void OtlpFileExporter::flush() {
  if (file_) std::fflush(file_);
}

void OtlpFileExporter::shutdown() {
  if (!file_) return;
  std::fclose(file_);
  file_ = nullptr;
}

}  // namespace plumb::telemetry
