// JSON for the store with secrets left out, by the rule logs and spans follow
// (plumb::Redactor, base/value/redaction.hpp): the value of every secret record key is written
// as "[REDACTED]" at any depth, and credentials in URLs inside strings as `REDACTED`.
// Arguments, results, log fields and span attributes reach the store only through these.
#pragma once

#include <string>

#include <plumb/stage.hpp>
#include <plumb/value.hpp>

#include "base/value/redaction.hpp"

namespace plumb::store {

std::string redacted_json(const Value& value, const Redactor& redactor);
// A JSON object of named values.
std::string redacted_json(const Fields& fields, const Redactor& redactor);

}  // namespace plumb::store
