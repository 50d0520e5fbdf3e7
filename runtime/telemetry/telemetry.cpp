// Telemetry: ring registration per thread, the drainer thread, and exporting batches.
#include "runtime/telemetry/telemetry.hpp"

#include <bit>
#include <chrono>
#include <stdexcept>

namespace plumb::telemetry {

namespace {

std::atomic<std::uint64_t> next_instance{1};

// The calling thread's ring in each telemetry instance it recorded into (instance ids are
// never reused, so entries of destroyed instances are never matched again).
struct LocalRing {
  std::uint64_t instance = 0;
  SpanRing* ring = nullptr;
};
thread_local std::vector<LocalRing> local_rings;

constexpr auto kDrainInterval = std::chrono::milliseconds(5);
constexpr std::size_t kBatch = 4096;

}  // namespace

Telemetry::Telemetry(std::size_t ring_capacity)
    : ring_capacity_(std::bit_ceil(std::max<std::size_t>(ring_capacity, 64))),
      id_(next_instance.fetch_add(1)) {
  drainer_ = std::thread([this] { drainer_loop(); });
}

Telemetry::~Telemetry() {
  shutdown();
}

std::vector<std::string> Telemetry::shutdown() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (drainer_.joinable()) drainer_.join();
  drain_all();
  std::unique_lock exporting(export_mutex_);
  std::lock_guard lock(drain_mutex_);
  std::vector<std::string> errors;
  for (auto& exporter : exporters_) {
    exporter->shutdown();
    if (std::string error = exporter->output_error(); !error.empty()) errors.push_back(error);
  }
  exporters_.clear();
  exporter_count_.store(0, std::memory_order_relaxed);
  lossless_.store(false, std::memory_order_relaxed);
  return errors;
}

void Telemetry::add_exporter(std::shared_ptr<SpanExporter> exporter) {
  std::lock_guard lock(drain_mutex_);
  if (exporter->lossless()) lossless_.store(true, std::memory_order_relaxed);
  exporters_.push_back(std::move(exporter));
  exporter_count_.store(exporters_.size(), std::memory_order_relaxed);
}

SpanRing& Telemetry::local_ring() {
  for (const LocalRing& entry : local_rings) {
    if (entry.instance == id_) return *entry.ring;
  }
  std::lock_guard lock(rings_mutex_);
  rings_.push_back(
      std::make_unique<SpanRing>(ring_capacity_, static_cast<std::uint32_t>(rings_.size())));
  local_rings.push_back(LocalRing{id_, rings_.back().get()});
  return *rings_.back();
}

void Telemetry::record(const SpanRecord& record) {
  SpanRing& ring = local_ring();
  if (!ring.push(record)) {
    if (!lossless()) {
      drop(record);
      return;
    }
    // Drains the rings on this thread, batch by batch beside the drainer: this ring is then
    // empty, whatever the exporters cost.
    drain_all();
    if (!ring.push(record)) {
      throw std::logic_error("plumb internal error: a drained span ring refused a span");
    }
  }
  if (ring.filling()) wake_.notify_one();
}

void Telemetry::drop(const SpanRecord& record) {
  dropped_.fetch_add(1, std::memory_order_relaxed);
  if (record.run) record.run->dropped_buffer_full.fetch_add(1, std::memory_order_relaxed);
  delete record.extras;
}

// Batches of at most kBatch records are taken off the rings under drain_mutex_ (one
// consumer per ring at a time) and given to the exporters that are not concurrent under that
// lock; concurrent exporters (the Chrome writer) get theirs after it is released, so a worker
// whose ring is full and the drainer encode batches at the same time. Every batch is
// exported under a shared hold of export_mutex_, which flush() and shutdown() take
// exclusively: they see every batch taken written. Returns when a pass found fewer than
// kBatch records waiting (the calling thread's ring is then empty).
void Telemetry::drain_all() {
  std::vector<SpanRecord> batch;
  std::vector<SpanView> views;
  std::vector<SpanExporter*> concurrent;
  for (bool more = true; more;) {
    std::shared_lock exporting(export_mutex_);
    {
      std::lock_guard lock(drain_mutex_);
      std::vector<SpanRing*> rings;
      {
        std::lock_guard rings_lock(rings_mutex_);
        for (auto& ring : rings_)
          rings.push_back(ring.get());
      }
      for (SpanRing* ring : rings) {
        ring->drain([&](const SpanRecord& r) { batch.push_back(r); }, kBatch - batch.size());
      }
      more = batch.size() == kBatch;
      if (batch.empty()) return;
      views.clear();
      for (const SpanRecord& r : batch)
        views.emplace_back(r);
      concurrent.clear();
      for (auto& exporter : exporters_) {
        if (exporter->concurrent()) {
          concurrent.push_back(exporter.get());
        } else {
          exporter->export_spans(views);
        }
      }
    }
    for (SpanExporter* exporter : concurrent)
      exporter->export_spans(views);
    exported_.fetch_add(batch.size(), std::memory_order_relaxed);
    for (SpanRecord& r : batch)
      delete r.extras;
    batch.clear();
  }
}

void Telemetry::flush() {
  drain_all();
  std::unique_lock exporting(export_mutex_);
  std::lock_guard lock(drain_mutex_);
  for (auto& exporter : exporters_)
    exporter->flush();
}

void Telemetry::drainer_loop() {
  std::unique_lock lock(wake_mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kDrainInterval);
    if (stopping_) break;
    lock.unlock();
    drain_all();
    lock.lock();
  }
}

}  // namespace plumb::telemetry
