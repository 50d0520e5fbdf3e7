// TickClock's calibration and refreshes. A sample pairs a steady_clock reading with the TSC
// read just before and just after it; a pair further apart than kSampleSpread ticks (the
// thread was interrupted) is taken again. The long-run scale is measured from the first
// sample, so it sharpens as the windows grow.
#include "runtime/telemetry/clock.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace plumb::telemetry {

std::atomic<TickClock::Mode> TickClock::mode_{TickClock::Mode::Unknown};
#if defined(__x86_64__)
std::atomic<std::uint32_t> TickClock::sequence_{0};
std::atomic<std::uint64_t> TickClock::base_ticks_{0};
std::atomic<std::uint64_t> TickClock::base_nanos_{0};
std::atomic<std::uint64_t> TickClock::scale_{0};
std::atomic<std::uint64_t> TickClock::refresh_at_{0};
#endif

namespace {

constexpr std::int64_t kFirstWindowNanos = 100'000;
constexpr std::int64_t kLongestWindowNanos = 2'000'000'000;
constexpr std::uint64_t kSampleSpread = 256;
constexpr int kSampleTries = 64;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

#if defined(__x86_64__)

struct Sample {
  std::uint64_t ticks;
  std::int64_t nanos;
};

bool invariant_tsc() {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(0x80000000, &eax, &ebx, &ecx, &edx) || eax < 0x80000007) return false;
  __get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx);
  return (edx & (1u << 8)) != 0;
}

Sample sample() {
  Sample best{0, 0};
  std::uint64_t best_spread = UINT64_MAX;
  for (int i = 0; i < kSampleTries && best_spread > kSampleSpread; ++i) {
    const std::uint64_t before = __rdtsc();
    const std::int64_t nanos = steady_ns();
    const std::uint64_t after = __rdtsc();
    if (after - before < best_spread) {
      best_spread = after - before;
      best = Sample{before + (after - before) / 2, nanos};
    }
  }
  return best;
}

// Nanoseconds per tick as 32.32 fixed point.
std::uint64_t scale_of(std::int64_t nanos, std::uint64_t ticks) {
  return static_cast<std::uint64_t>((static_cast<WideTicks>(nanos) << 32) / ticks);
}

std::uint64_t ticks_in(std::int64_t nanos, std::uint64_t scale) {
  return static_cast<std::uint64_t>((static_cast<WideTicks>(nanos) << 32) / scale);
}

// Under `calibration_mutex`: the first sample and the length of the current window.
std::mutex calibration_mutex;
Sample first_sample;
std::int64_t window_nanos = kFirstWindowNanos;

#endif

}  // namespace

std::int64_t TickClock::slow_now() {
  if (mode_.load(std::memory_order_acquire) == Mode::Unknown) {
    calibrate();
    return now_ns();
  }
  return steady_ns();
}

bool TickClock::uses_ticks() {
  if (mode_.load(std::memory_order_acquire) == Mode::Unknown) calibrate();
  return mode_.load(std::memory_order_acquire) == Mode::Ticks;
}

#if defined(__x86_64__)

void TickClock::publish(const Segment& segment) {
  const std::uint32_t sequence = sequence_.load(std::memory_order_relaxed);
  sequence_.store(sequence + 1, std::memory_order_relaxed);
  base_ticks_.store(segment.base_ticks, std::memory_order_release);
  base_nanos_.store(segment.base_nanos, std::memory_order_release);
  scale_.store(segment.scale, std::memory_order_release);
  refresh_at_.store(segment.refresh_at, std::memory_order_release);
  sequence_.store(sequence + 2, std::memory_order_release);
}

void TickClock::calibrate() {
  std::lock_guard lock(calibration_mutex);
  if (mode_.load(std::memory_order_relaxed) != Mode::Unknown) return;
  if (!invariant_tsc()) {
    mode_.store(Mode::Steady, std::memory_order_release);
    return;
  }
  first_sample = sample();
  Sample second = sample();
  while (second.nanos - first_sample.nanos < kFirstWindowNanos)
    second = sample();
  if (second.ticks <= first_sample.ticks) {
    mode_.store(Mode::Steady, std::memory_order_release);
    return;
  }
  const std::uint64_t scale =
      scale_of(second.nanos - first_sample.nanos, second.ticks - first_sample.ticks);
  window_nanos = kFirstWindowNanos * 4;
  publish(Segment{second.ticks, static_cast<std::uint64_t>(second.nanos), scale,
                  second.ticks + ticks_in(window_nanos, scale)});
  mode_.store(Mode::Ticks, std::memory_order_release);
}

// One thread measures the next segment; the others (and a thread whose segment was replaced
// meanwhile) extrapolate the segment they read, which the next one continues.
std::int64_t TickClock::refresh(std::uint64_t ticks, const Segment& segment) {
  std::unique_lock lock(calibration_mutex, std::try_to_lock);
  if (!lock.owns_lock() || base_ticks_.load(std::memory_order_relaxed) != segment.base_ticks) {
    return segment.at(ticks);
  }
  const Sample now = sample();
  const std::uint64_t at = std::max(now.ticks, segment.base_ticks);
  const std::int64_t continued = segment.at(at);
  const std::uint64_t long_run =
      scale_of(now.nanos - first_sample.nanos, now.ticks - first_sample.ticks);
  window_nanos = std::min(window_nanos * 4, kLongestWindowNanos);
  const std::uint64_t window_ticks = ticks_in(window_nanos, long_run);
  Segment next{at, static_cast<std::uint64_t>(continued), long_run, at + window_ticks};
  const std::int64_t behind = now.nanos - continued;
  if (behind > window_nanos) {
    next.base_nanos = static_cast<std::uint64_t>(now.nanos);  // after a stall: jump forwards
  } else {
    // Absorb the error over the next window, at no less than half and no more than twice the
    // long-run rate, so the clock keeps moving forwards.
    const std::int64_t correction = static_cast<std::int64_t>(
        (static_cast<WideTicks>(behind < 0 ? -behind : behind) << 32) / window_ticks);
    const std::int64_t adjusted =
        static_cast<std::int64_t>(long_run) + (behind < 0 ? -correction : correction);
    next.scale = static_cast<std::uint64_t>(
        std::clamp<std::int64_t>(adjusted, static_cast<std::int64_t>(long_run / 2),
                                 static_cast<std::int64_t>(long_run) * 2));
  }
  publish(next);
  return static_cast<std::int64_t>(next.base_nanos);
}

#else

void TickClock::calibrate() {
  mode_.store(Mode::Steady, std::memory_order_release);
}

#endif

}  // namespace plumb::telemetry
