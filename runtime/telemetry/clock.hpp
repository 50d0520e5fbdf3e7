// The clock of spans and node durations: nanoseconds on std::chrono::steady_clock's time base,
// read from the processor's time-stamp counter where it is invariant (x86-64 with the
// invariant-TSC bit) and from steady_clock elsewhere. Reading the TSC costs a third of a
// clock_gettime through a paravirtual clock (11 ns against 29 on the reference VM), and a
// chain of nodes reads the clock once per node. The counter is converted with a scale
// measured against steady_clock: first over 100 µs (the first read spins that long), then
// over windows growing fourfold up to about two seconds and every two seconds after that.
// Each new scale starts where the previous one ended, so readings never step back, and it
// absorbs the error measured at the switch over the next window, so the clock follows
// steady_clock (and its NTP slewing) without jumps; each thread's readings never decrease.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace plumb::telemetry {

__extension__ typedef unsigned __int128 WideTicks;  // products of ticks and 32.32 scales

class TickClock {
 public:
  static std::int64_t now_ns() {
#if defined(__x86_64__)
    if (mode_.load(std::memory_order_acquire) == Mode::Ticks) [[likely]] {
      const Segment segment = current();
      // Read after the segment, so the count is not before its start (unless another core's
      // counter lags by a few ticks).
      const std::uint64_t ticks = std::max<std::uint64_t>(__rdtsc(), segment.base_ticks);
      const std::int64_t nanos =
          ticks >= segment.refresh_at ? refresh(ticks, segment) : segment.at(ticks);
      // A thread can read an extrapolated segment just after the next one starts, or move to
      // a core whose counter lags: never hand it a reading before its last one.
      last_ = std::max(last_, nanos);
      return last_;
    }
#endif
    return slow_now();
  }

  // Whether the clock reads the TSC (calibrating on the first call).
  static bool uses_ticks();

 private:
  enum class Mode : std::uint8_t { Unknown, Ticks, Steady };
  static std::int64_t slow_now();
  static void calibrate();
  static std::atomic<Mode> mode_;

#if defined(__x86_64__)

  // The clock reads base_nanos at base_ticks and advances `scale` nanoseconds per tick (32.32
  // fixed point); at refresh_at the next segment is measured.
  struct Segment {
    std::uint64_t base_ticks;
    std::uint64_t base_nanos;
    std::uint64_t scale;
    std::uint64_t refresh_at;
    std::int64_t at(std::uint64_t ticks) const {
      const auto elapsed = static_cast<WideTicks>(ticks - base_ticks) * scale;
      return static_cast<std::int64_t>(base_nanos + static_cast<std::uint64_t>(elapsed >> 32));
    }
  };

  // The current segment, published under a sequence lock. The fields are loaded with acquire
  // (and stored with release) rather than fenced, which ThreadSanitizer cannot model; on
  // x86-64 both are plain moves. A field read from a store of an unfinished publication makes
  // the second sequence read see the odd count that began it.
  static Segment current() {
    Segment segment;
    std::uint32_t sequence;
    do {
      sequence = sequence_.load(std::memory_order_acquire);
      segment.base_ticks = base_ticks_.load(std::memory_order_acquire);
      segment.base_nanos = base_nanos_.load(std::memory_order_acquire);
      segment.scale = scale_.load(std::memory_order_acquire);
      segment.refresh_at = refresh_at_.load(std::memory_order_acquire);
    } while ((sequence & 1) != 0 || sequence != sequence_.load(std::memory_order_relaxed));
    return segment;
  }
  static void publish(const Segment& segment);
  static std::int64_t refresh(std::uint64_t ticks, const Segment& segment);

  static std::atomic<std::uint32_t> sequence_;
  static std::atomic<std::uint64_t> base_ticks_;
  static std::atomic<std::uint64_t> base_nanos_;
  static std::atomic<std::uint64_t> scale_;
  static std::atomic<std::uint64_t> refresh_at_;
  static inline thread_local constinit std::int64_t last_ = 0;
#endif
};

}  // namespace plumb::telemetry
