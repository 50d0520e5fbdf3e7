// Writes values as JSON with plumb::to_json after plumb::Redactor has redacted them.
#include "runtime/store/redacted_json.hpp"

#include <plumb/json.hpp>

namespace plumb::store {

std::string redacted_json(const Value& value, const Redactor& redactor) {
  return to_json(redactor.redacted(value));
}

std::string redacted_json(const Fields& fields, const Redactor& redactor) {
  std::string out = "{";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, fields[i].first);
    out += ": ";
    append_json(out, redactor.field(fields[i].first, fields[i].second));
  }
  return out + "}";
}

}  // namespace plumb::store
