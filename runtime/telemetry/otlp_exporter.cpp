// OTLP trace exporters over HTTP and to a JSON Lines file.
#include "runtime/telemetry/otlp_exporter.hpp"

#include <algorithm>

#include "runtime/telemetry/otlp_proto.hpp"
#include "runtime/telemetry/otlp_transport.hpp"
#include "runtime/telemetry/span_loss.hpp"

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
      max_queue_(settings.batch.max_queue),
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
  // Only what the queue takes is encoded (this thread alone enqueues, so the room only grows
  // until then); the rest is dropped, each span counted on its run, which reports them.
  const std::size_t taken = std::min(spans.size(), processor_.room());
  processor_.enqueue(encode_all(spans.first(taken), service_name_, *redactor_, protobuf_));
  processor_.drop_queue_full(spans.size() - taken);
  for (const SpanView& span : spans.subspan(taken)) {
    if (const RunMeta* run = span.record().run) {
      run->dropped_queue_full.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

void OtlpTraceExporter::flush() {
  processor_.flush_async();
}

void OtlpTraceExporter::stop() {
  processor_.stop(std::chrono::steady_clock::now() + shutdown_timeout_);
}

void OtlpTraceExporter::shutdown() {
  processor_.shutdown(std::chrono::steady_clock::now() + shutdown_timeout_);
  if (warned_) return;
  warned_ = true;
  // Spans refused by the full queue were reported by their runs; what remains was handed to
  // the processor and never delivered.
  const BatchStats stats = processor_.stats();
  warn_undelivered(stats.dropped - stats.queue_full, stats.rejected, shutdown_timeout_);
}

OtlpFileExporter::OtlpFileExporter(const std::string& path, const OtlpSettings& settings,
                                   std::shared_ptr<const Redactor> redactor)
    : file_(path, "otlp file"),
      service_name_(settings.service_name),
      resource_(sdk_resource(settings.resource)),
      redactor_(std::move(redactor)) {
}

void OtlpFileExporter::export_spans(std::span<const SpanView> spans) {
  if (!file_.is_open() || spans.empty()) return;
  std::vector<ExportItem> items = encode_all(spans, service_name_, *redactor_);
  std::string line = encode_traces_request(items, resource_);
  line += '\n';
  file_.write(line);
}

void OtlpFileExporter::flush() {
  file_.flush();
}

void OtlpFileExporter::shutdown() {
  file_.close();
}

std::string OtlpFileExporter::output_error() const {
  return file_.error();
}

}  // namespace plumb::telemetry
