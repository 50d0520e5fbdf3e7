// Child spans opened by stage code: `plumb::Span span("db.query"); span.set("rows", n);`.
// The span is a child of the running node's span (on the stage's thread) and ends when the
// object is destroyed; outside a stage, or with tracing off, it records nothing.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <plumb/value.hpp>

namespace plumb {

class StageContext;

class Span {
 public:
  explicit Span(std::string_view name);
  ~Span();
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  bool recording() const { return handle_ != 0; }
  void set(std::string_view key, const Value& value);
  void set(std::string_view key, std::string_view value) { set(key, Value::string(value)); }
  void set(std::string_view key, std::int64_t value) { set(key, Value::integer(value)); }
  void set(std::string_view key, double value) { set(key, Value::number(value)); }
  // Marks the span failed (status ERROR, an `exception` event).
  void set_error(std::string_view type, std::string_view message);

 private:
  StageContext* context_;
  std::uint64_t handle_;
  std::string error_type_;
  std::string error_message_;
};

}  // namespace plumb
