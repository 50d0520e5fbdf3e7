// What `trace.set` and `trace.event` put on the span around their node — a run's, a map
// item's, a loop iteration's or a nested pipeline call's span, which is still open — kept by
// span id until that span ends and its record takes them. Nodes of one body may add at once,
// hence the lock; only programs with `trace.*` nodes use it (RunState::annotated). A span keeps
// at most 128 attributes and 128 events (the OpenTelemetry SDKs' default limits); more are
// counted as dropped on the span.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "runtime/telemetry/span_record.hpp"

namespace plumb::exec {

class SpanNotes {
 public:
  static constexpr std::size_t kMaxAttributes = 128;
  static constexpr std::size_t kMaxEvents = 128;

  // Sets attribute `key` of `span` (a later value replaces an earlier one).
  void attribute(std::uint64_t span, std::string_view key, const Value& value);
  void event(std::uint64_t span, telemetry::SpanEvent event);
  // Moves the notes of `span` into `extras` (allocated when there are notes and it is null).
  void take(std::uint64_t span, telemetry::SpanExtras*& extras);

 private:
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, telemetry::SpanExtras> notes_;
};

}  // namespace plumb::exec
