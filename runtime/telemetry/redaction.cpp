// RedactingVisitor: a key check per attribute, a `://` search per string value.
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

void RedactingVisitor::string(std::string_view key, std::string_view value) {
  if (redactor_.secret(key)) return inner_.string(key, kRedacted);
  if (mentions_url(value)) return inner_.string(key, redact_urls(value));
  inner_.string(key, value);
}

void RedactingVisitor::integer(std::string_view key, std::int64_t value) {
  if (redactor_.secret(key)) return inner_.string(key, kRedacted);
  inner_.integer(key, value);
}

void RedactingVisitor::number(std::string_view key, double value) {
  if (redactor_.secret(key)) return inner_.string(key, kRedacted);
  inner_.number(key, value);
}

void RedactingVisitor::boolean(std::string_view key, bool value) {
  if (redactor_.secret(key)) return inner_.string(key, kRedacted);
  inner_.boolean(key, value);
}

void RedactingVisitor::structured(std::string_view key, const Value& value) {
  if (redactor_.secret(key)) return inner_.string(key, kRedacted);
  inner_.structured(key, redactor_.redacted(value));
}

}  // namespace plumb::telemetry
