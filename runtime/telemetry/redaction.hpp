// Redaction on the way out: span attributes pass through a RedactingVisitor, which replaces
// the values of secret keys by `[REDACTED]` (inside list and record values too, at any depth)
// and credentials in URL values by `REDACTED`, by the rule of base/value/redaction.hpp
// (default patterns, or PLUMB_REDACT_KEYS / TelemetryOptions::redact_keys). Log sinks redact
// their records with the same Redactor.
#pragma once

#include "base/value/redaction.hpp"
#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

// Passes attributes on to `inner`, redacted.
class RedactingVisitor : public AttributeVisitor {
 public:
  RedactingVisitor(const Redactor& redactor, AttributeVisitor& inner)
      : redactor_(redactor), inner_(inner) {}
  void string(std::string_view key, std::string_view value) override;
  void integer(std::string_view key, std::int64_t value) override;
  void number(std::string_view key, double value) override;
  void boolean(std::string_view key, bool value) override;
  void structured(std::string_view key, const Value& value) override;

 private:
  const Redactor& redactor_;
  AttributeVisitor& inner_;
};

}  // namespace plumb::telemetry
