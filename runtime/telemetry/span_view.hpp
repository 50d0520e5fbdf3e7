// A read-only view of a SpanRecord for exporters: its name and every attribute, derived from
// the record and the static metadata it points to, without allocating. Attribute values
// are passed to a visitor as one of int, double, bool or string.
#pragma once

#include <cstdint>
#include <functional>
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
};

class SpanView {
 public:
  explicit SpanView(const SpanRecord& record) : r_(record) {}
  const SpanRecord& record() const { return r_; }
  // The span's name: the pipeline for a run, the node name for a node, `<node>.item` and
  // `<node>.iteration` for items and iterations, the given name for a child span.
  std::string name() const;
  void attributes(AttributeVisitor& visit) const;
  bool is_error() const { return r_.error; }
  std::string_view error_type() const;
  std::string_view error_message() const;
  std::string_view error_stacktrace() const;  // empty when the error has none

 private:
  const SpanRecord& r_;
};

}  // namespace plumb::telemetry
