// Redaction of secrets in logs and span attributes: a value is replaced by `[REDACTED]` when
// its key, lower-cased and with `-` read as `_`, contains one of the patterns (by default
// password, passwd, secret, token, api_key, apikey, authorization; PLUMB_REDACT_KEYS or
// TelemetryOptions::redact_keys replace the list).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/telemetry/span_view.hpp"

namespace plumb::telemetry {

inline constexpr std::string_view kRedacted = "[REDACTED]";

class Redactor {
 public:
  Redactor() : Redactor(default_patterns()) {}
  explicit Redactor(std::vector<std::string> patterns);
  bool secret(std::string_view key) const;
  static std::vector<std::string> default_patterns();

 private:
  std::vector<std::string> patterns_;  // normalised
  // For each normalised character, the patterns that start with it: a key is scanned once,
  // and only positions where some pattern starts are compared.
  std::array<std::vector<std::uint32_t>, 256> starting_with_;
};

// Passes attributes on to `inner`, with the values of secret keys replaced by `[REDACTED]`.
class RedactingVisitor : public AttributeVisitor {
 public:
  RedactingVisitor(const Redactor& redactor, AttributeVisitor& inner)
      : redactor_(redactor), inner_(inner) {}
  void string(std::string_view key, std::string_view value) override;
  void integer(std::string_view key, std::int64_t value) override;
  void number(std::string_view key, double value) override;
  void boolean(std::string_view key, bool value) override;

 private:
  const Redactor& redactor_;
  AttributeVisitor& inner_;
};

}  // namespace plumb::telemetry
