// Shorthands for the value unit tests: building values tersely and checking that an operation
// throws plumb::ValueError with an exact kind and message.
#pragma once

#include <plumb/error.hpp>
#include <plumb/json.hpp>
#include <plumb/value.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb {

// How GoogleTest prints a Value in a failure message: its kind and JSON text.
inline void PrintTo(const Value& value, std::ostream* out) {
  *out << type_name(value);
  if (!value.is_absent()) *out << " " << to_json(value);
}

}  // namespace plumb

namespace plumb::testing {

inline Value I(std::int64_t i) {
  return Value::integer(i);
}
inline Value F(double d) {
  return Value::number(d);
}
inline Value B(bool b) {
  return Value::boolean(b);
}
inline Value S(std::string_view s) {
  return Value::string(s);
}
inline Value N() {
  return Value();
}
inline Value L(std::initializer_list<Value> items) {
  return Value::list(std::vector<Value>(items));
}
inline Value R(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  std::vector<std::pair<std::string_view, Value>> list(fields);
  return Value::record(list);
}

// Same kind and payload (unlike ==, which equates 1 and 1.0).
inline bool same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_float()) return a.raw_bits() == b.raw_bits();
  if (a.is_list()) {
    auto x = a.as_list(), y = b.as_list();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_record()) {
    auto x = a.field_values(), y = b.field_values();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (a.shape().key(i) != b.shape().key(i) || !same(x[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

#define EXPECT_SAME(actual, expected) EXPECT_PRED2(::plumb::testing::same, actual, expected)

template <typename F>
::testing::AssertionResult throws_value_error(F&& f, std::string_view kind,
                                              std::string_view message) {
  try {
    f();
  } catch (const ValueError& e) {
    if (e.kind() == kind && e.what() == message) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "got " << e.kind() << ": \"" << e.what()
                                         << "\", expected " << kind << ": \"" << message << "\"";
  }
  return ::testing::AssertionFailure() << "no error, expected " << kind << ": " << message;
}

#define EXPECT_VALUE_ERROR(expr, kind, message) \
  EXPECT_TRUE(::plumb::testing::throws_value_error([&] { (void)(expr); }, kind, message))

}  // namespace plumb::testing
