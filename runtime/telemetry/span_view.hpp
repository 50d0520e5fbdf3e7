// A read-only view of a SpanRecord for exporters: its name and every attribute, derived from
// the record and the static metadata it points to, without allocating. Attribute values
// are passed to a visitor as one of int, double, bool or string.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "runtime/telemetry/span_record.hpp"

namespace plumb::telemetry {

class AttributeVisitor {
 public:
  virtual ~AttributeVisitor() = default;
  virtual void string(std::string_view key, std::string_view value) = 0;
  virtual void integer(std::string_view key, std::int64_t value) = 0;
  virtual void number(std::string_view key, double value) = 0;
  virtual void boolean(std::string_view key, bool value) = 0;
  virtual void structured(std::string_view key, const Value& value);
};

// Passes attributes with scalar values to `visit` (what SpanExtras and SpanEvent hold; other
// values are left out).
void visit_attributes(const Attributes& attributes, AttributeVisitor& visit);

class SpanView {
 public:
  explicit SpanView(const SpanRecord& record) : r_(record) {}
  const SpanRecord& record() const { return r_; }
  // The span's name: the pipeline for a run, the node name (or its `@span` name) for a node,
  // `<node>.item` and `<node>.iteration` for items and iterations, the given name for a child
  // span.
  std::string name() const;
  // Every attribute: site_attributes() then own_attributes().
  void attributes(AttributeVisitor& visit) const;
  // The attributes every span of the node has (pipeline, node, stage, callee, file, line,
  // labels), or for a run span the run's (pipeline, run id): fixed when the program is
  // compiled (when the run starts).
  void site_attributes(AttributeVisitor& visit) const;
  // The rest: the backend, and what this span alone has (retry attempt, item index, item
  // counts, branch arm, cache hit, the attributes a stage or `trace.set` added).
  void own_attributes(AttributeVisitor& visit) const;
  // Events from `trace.event`, in the order they happened (not the error's `exception`).
  std::span<const SpanEvent> events() const;
  std::uint32_t dropped_attributes() const { return r_.extras ? r_.extras->dropped_attributes : 0; }
  std::uint32_t dropped_events() const { return r_.extras ? r_.extras->dropped_events : 0; }
  bool is_error() const { return r_.error; }
  std::string_view error_type() const;
  std::string_view error_message() const;
  std::string_view error_stacktrace() const;  // empty when the error has none

 private:
  const SpanRecord& r_;
};

}  // namespace plumb::telemetry
