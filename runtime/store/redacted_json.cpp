// Writes values as JSON like plumb::to_json, with secret keys' values replaced.
#include "runtime/store/redacted_json.hpp"

#include <plumb/json.hpp>

namespace plumb::store {

namespace {

void append(std::string& out, const Value& value, const telemetry::Redactor& redactor) {
  if (value.is_list()) {
    out += '[';
    bool first = true;
    for (const Value& item : value.as_list()) {
      if (!first) out += ", ";
      first = false;
      append(out, item, redactor);
    }
    out += ']';
    return;
  }
  if (!value.is_record()) {
    append_json(out, value);
    return;
  }
  const ShapeView shape = value.shape();
  const auto values = value.field_values();
  out += '{';
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, shape.key(i));
    out += ": ";
    if (redactor.secret(shape.key(i))) {
      append_json_string(out, telemetry::kRedacted);
    } else {
      append(out, values[i], redactor);
    }
  }
  out += '}';
}

}  // namespace

std::string redacted_json(const Value& value, const telemetry::Redactor& redactor) {
  std::string out;
  append(out, value, redactor);
  return out;
}

std::string redacted_json(const Fields& fields, const telemetry::Redactor& redactor) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, fields[i].first);
    out += ": ";
    if (redactor.secret(fields[i].first)) {
      append_json_string(out, telemetry::kRedacted);
    } else {
      append(out, fields[i].second, redactor);
    }
  }
  return out + "}";
}

}  // namespace plumb::store
