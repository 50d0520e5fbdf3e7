// JSON for the store with secrets left out: the value of every record key that the
// telemetry's redactor calls secret (runtime/telemetry/redaction.hpp: the same rules as logs
// and spans) is written as "[REDACTED]", at any depth. Arguments, results, log fields and
// span attributes reach the store only through these.
#pragma once

#include <string>

#include <plumb/stage.hpp>
#include <plumb/value.hpp>

#include "runtime/telemetry/redaction.hpp"

namespace plumb::store {

std::string redacted_json(const Value& value, const Redactor& redactor);
// A JSON object of named values.
std::string redacted_json(const Fields& fields, const Redactor& redactor);

}  // namespace plumb::store
