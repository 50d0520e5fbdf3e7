// The span pipeline of an engine: per-thread rings that workers write finished spans into,
// and a drainer thread that hands them to the exporters in batches (every few milliseconds,
// sooner when a ring fills up, and synchronously at flush()). A span that finds its ring
// full waits while a lossless exporter (a file) is attached: its worker drains the rings
// itself, so memory stays bounded and the run slows down instead of losing spans. With only
// network exporters it is dropped and counted on its run and in
// plumb_telemetry_spans_dropped_total. Exporters that say they are concurrent (the Chrome
// writer) get batches from the drainer and such a worker at the same time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/value/redaction.hpp"
#include "runtime/telemetry/exporter.hpp"
#include "runtime/telemetry/sampler.hpp"
#include "runtime/telemetry/span_ring.hpp"

namespace plumb::telemetry {

class Telemetry {
 public:
  // `ring_capacity` records per thread (rounded up to a power of two).
  explicit Telemetry(std::size_t ring_capacity = 1 << 14);
  ~Telemetry();
  Telemetry(const Telemetry&) = delete;
  Telemetry& operator=(const Telemetry&) = delete;

  void add_exporter(std::shared_ptr<SpanExporter> exporter);
  bool has_exporters() const { return exporter_count_.load(std::memory_order_relaxed) > 0; }
  // Whether a lossless exporter is attached (full rings then wait instead of dropping).
  bool lossless() const { return lossless_.load(std::memory_order_relaxed); }

  // Hot path: copies the record into the calling thread's ring, its `thread` set to a stable
  // small index of the thread (the `tid` of Chrome trace events).
  void record(const SpanRecord& record);

  // Exports everything recorded so far, then flushes the exporters.
  void flush();
  // Stops the drainer, exports what is left, shuts the exporters down and detaches them (no
  // spans are recorded afterwards). Returns the exporters' output errors (a trace file that
  // could not be written completely), each once; idempotent.
  std::vector<std::string> shutdown();
  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t exported() const { return exported_.load(std::memory_order_relaxed); }

  // Which traces are recorded (decided once per run).
  const Sampler& sampler() const { return sampler_; }
  void set_sampler(Sampler sampler) { sampler_ = sampler; }
  // PLUMB_TRACE_IO: node inputs and outputs as span attributes.
  bool trace_io() const { return trace_io_; }
  void set_trace_io(bool on) { trace_io_ = on; }
  // The key rule of the exports (PLUMB_REDACT_KEYS), for what the runtime records itself
  // (PLUMB_TRACE_IO inputs and outputs).
  const Redactor& redactor() const { return redactor_ ? *redactor_ : Redactor::standard(); }
  void set_redactor(std::shared_ptr<const Redactor> redactor) { redactor_ = std::move(redactor); }

 private:
  SpanRing& local_ring();
  void drop(const SpanRecord& record);
  void drain_all();
  void drainer_loop();

  std::size_t ring_capacity_;
  std::mutex rings_mutex_;
  std::vector<std::unique_ptr<SpanRing>> rings_;
  std::mutex drain_mutex_;  // one consumer at a time
  // Held (shared) while a batch is exported; flush() and shutdown() take it exclusively.
  std::shared_mutex export_mutex_;
  std::vector<std::shared_ptr<SpanExporter>> exporters_;
  std::atomic<std::size_t> exporter_count_{0};
  std::atomic<bool> lossless_{false};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> exported_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread drainer_;
  std::uint64_t id_;
  Sampler sampler_;
  bool trace_io_ = false;
  std::shared_ptr<const Redactor> redactor_;
};

}  // namespace plumb::telemetry
