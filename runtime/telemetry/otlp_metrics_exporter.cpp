// OtlpMetricsExporter: the export thread, its schedule and the last export.
#include "runtime/telemetry/otlp_metrics_exporter.hpp"
#include "runtime/telemetry/wall_clock.hpp"

#include <cstdio>

#include "runtime/telemetry/otlp_delivery.hpp"

namespace plumb::telemetry {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

}  // namespace

OtlpMetricsExporter::OtlpMetricsExporter(const OtlpSettings& settings, Collect collect,
                                         milliseconds shutdown_timeout)
    : transport_(make_otlp_transport(settings.metrics, OtlpSignal::Metrics, settings.headers)),
      collect_(std::move(collect)),
      protobuf_(settings.metrics.protocol != OtlpProtocol::HttpJson),
      options_(settings.metric_export),
      shutdown_timeout_(shutdown_timeout) {
  context_.service = settings.service_name.empty() ? "plumb" : settings.service_name;
  context_.resource = sdk_resource(settings.resource);
  context_.start_ns = unix_now_ns();
  thread_ = std::thread([this] { loop(); });
}

OtlpMetricsExporter::~OtlpMetricsExporter() {
  shutdown();
}

void OtlpMetricsExporter::export_soon() {
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_all();
}

void OtlpMetricsExporter::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) deadline_ = Clock::now() + shutdown_timeout_;
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  if (!last_error_.empty()) {
    std::fprintf(stderr,
                 "plumb: warning: %llu metric data points were not exported: the last export "
                 "to %s failed: %s\n",
                 static_cast<unsigned long long>(last_points_), transport_->target().c_str(),
                 last_error_.c_str());
  }
}

MetricExportStats OtlpMetricsExporter::stats() const {
  return MetricExportStats{exports_.load(), failed_.load(), errors_.load(), rejected_.load()};
}

Clock::time_point OtlpMetricsExporter::hard_deadline() const {
  std::lock_guard lock(mutex_);
  return deadline_;
}

bool OtlpMetricsExporter::pause(milliseconds wait) {
  const auto until = Clock::now() + wait;
  std::unique_lock lock(mutex_);
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline_) return false;
    if (now >= until) return true;
    wake_.wait_until(lock, std::min(until, deadline_));
  }
}

void OtlpMetricsExporter::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, options_.interval, [&] { return stopping_ || requested_; });
    const bool last = stopping_;
    requested_ = false;
    // Past the shutdown deadline (a retrying export used it up) the last snapshot is not
    // tried: the failure that used it up is the one reported.
    if (last && Clock::now() >= deadline_) break;
    lock.unlock();
    export_snapshot();
    lock.lock();
    if (last) break;
  }
}

void OtlpMetricsExporter::export_snapshot() {
  const std::vector<MetricFamily> families = collect_();
  context_.time_ns = unix_now_ns();
  const std::string body = protobuf_ ? encode_metrics_request_proto(families, context_)
                                     : encode_metrics_request_json(families, context_);
  DeliveryHooks hooks;
  hooks.deadline = [this] { return hard_deadline(); };
  hooks.pause = [this](milliseconds wait) { return pause(wait); };
  hooks.failed = [this](const SendResult& r) { count_failure(errors_, *transport_, r); };
  const SendResult r =
      deliver(*transport_, body, Clock::now() + options_.timeout, RetryOptions{}, hooks);
  last_points_ = count_data_points(families);
  if (!r.accepted) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    last_error_ = r.error;
    return;
  }
  last_error_.clear();
  exports_.fetch_add(1, std::memory_order_relaxed);
  rejected_.fetch_add(r.partial.rejected, std::memory_order_relaxed);
}

}  // namespace plumb::telemetry
