// SpanNotes: notes by span id, merged into the span's extras when it ends.
#include "runtime/exec/span_notes.hpp"

#include <algorithm>
#include <iterator>

namespace plumb::exec {

namespace {

// Sets `key` in `attributes`, or counts it as dropped when the span is full.
void set(telemetry::Attributes& attributes, std::uint32_t& dropped, std::string_view key,
         const Value& value) {
  auto same = [&](const auto& attribute) { return attribute.first == key; };
  auto found = std::find_if(attributes.begin(), attributes.end(), same);
  if (found != attributes.end()) {
    found->second = value;
  } else if (attributes.size() < SpanNotes::kMaxAttributes) {
    attributes.emplace_back(std::string(key), value);
  } else {
    ++dropped;
  }
}

}  // namespace

void SpanNotes::attribute(std::uint64_t span, std::string_view key, const Value& value) {
  std::lock_guard lock(mutex_);
  telemetry::SpanExtras& notes = notes_[span];
  set(notes.attributes, notes.dropped_attributes, key, value);
}

void SpanNotes::event(std::uint64_t span, telemetry::SpanEvent event) {
  std::lock_guard lock(mutex_);
  telemetry::SpanExtras& notes = notes_[span];
  if (notes.events.size() < kMaxEvents) {
    notes.events.push_back(std::move(event));
  } else {
    ++notes.dropped_events;
  }
}

void SpanNotes::take(std::uint64_t span, telemetry::SpanExtras*& extras) {
  telemetry::SpanExtras notes;
  {
    std::lock_guard lock(mutex_);
    auto found = notes_.find(span);
    if (found == notes_.end()) return;
    notes = std::move(found->second);
    notes_.erase(found);
  }
  if (!extras) extras = new telemetry::SpanExtras();
  extras->dropped_attributes += notes.dropped_attributes;
  for (auto& [key, value] : notes.attributes)
    set(extras->attributes, extras->dropped_attributes, key, value);
  extras->events.insert(extras->events.end(), std::make_move_iterator(notes.events.begin()),
                        std::make_move_iterator(notes.events.end()));
  extras->dropped_events += notes.dropped_events;
}

}  // namespace plumb::exec
