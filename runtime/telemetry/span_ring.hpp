// A bounded single-producer/single-consumer ring of span records. The owning worker thread
// pushes (a copy into a slot and one release store, no lock, no allocation); the telemetry
// drainer pops. A full ring refuses the record, and the caller counts it as dropped: a slow
// exporter never blocks a node. The slots are raw memory that push() constructs records in:
// a ring reserves address space, and only the pages its records reach become memory (a run
// of a few spans does not fault in and clear 2 MB per thread).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>

#include "runtime/telemetry/span_record.hpp"

namespace plumb::telemetry {

class SpanRing {
 public:
  explicit SpanRing(std::size_t capacity_power_of_two, std::uint32_t thread_index)
      : storage_(new std::byte[capacity_power_of_two * sizeof(SpanRecord)]),
        slots_(reinterpret_cast<SpanRecord*>(storage_.get())),
        mask_(capacity_power_of_two - 1),
        thread_index_(thread_index) {}

  // Producer side.
  bool push(const SpanRecord& record) {
    std::uint64_t head = head_.load(std::memory_order_relaxed);
    if (head - cached_tail_ > mask_) {
      cached_tail_ = tail_.load(std::memory_order_acquire);
      if (head - cached_tail_ > mask_) return false;
    }
    SpanRecord* slot = new (&slots_[head & mask_]) SpanRecord(record);
    slot->thread = thread_index_;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }
  // Whether the ring is more than half full (the producer then wakes the drainer). The
  // producer's view of the tail is refreshed before it answers yes, so a ring the drainer
  // keeps emptying does not wake it on every push.
  bool filling() {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    const std::uint64_t half = (mask_ + 1) / 2;
    if (head - cached_tail_ <= half) return false;
    cached_tail_ = tail_.load(std::memory_order_acquire);
    return head - cached_tail_ > half;
  }

  // Consumer side: calls `consume(record)` for each waiting record (at most `max`), oldest
  // first; returns how many.
  template <typename Consume>
  std::size_t drain(Consume&& consume, std::size_t max = SIZE_MAX) {
    std::uint64_t tail = tail_.load(std::memory_order_relaxed);
    std::uint64_t head = head_.load(std::memory_order_acquire);
    head = std::min<std::uint64_t>(head, tail + std::min<std::uint64_t>(max, mask_ + 1));
    for (std::uint64_t i = tail; i < head; ++i)
      consume(slots_[i & mask_]);
    tail_.store(head, std::memory_order_release);
    return static_cast<std::size_t>(head - tail);
  }

 private:
  static_assert(std::is_trivially_copyable_v<SpanRecord> &&
                    alignof(SpanRecord) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                "records are copied into raw slots");
  std::unique_ptr<std::byte[]> storage_;
  SpanRecord* slots_;
  std::size_t mask_;
  std::uint32_t thread_index_;
  alignas(64) std::atomic<std::uint64_t> head_{0};
  std::uint64_t cached_tail_ = 0;  // producer's last view of tail_
  alignas(64) std::atomic<std::uint64_t> tail_{0};
};

}  // namespace plumb::telemetry
