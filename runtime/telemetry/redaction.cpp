// Redactor: substring matching on normalised keys.
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

namespace {

std::string normalise(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

Redactor::Redactor(std::vector<std::string> patterns) {
  for (const std::string& p : patterns) {
    if (!p.empty()) patterns_.push_back(normalise(p));
  }
}

std::vector<std::string> Redactor::default_patterns() {
  return {"password", "passwd", "secret", "token", "api_key", "apikey", "authorization"};
}

bool Redactor::secret(std::string_view key) const {
  if (patterns_.empty()) return false;
  std::string text = normalise(key);
  for (const std::string& p : patterns_) {
    if (text.find(p) != std::string::npos) return true;
  }
  return false;
}

void RedactingVisitor::string(std::string_view key, std::string_view value) {
  inner_.string(key, redactor_.secret(key) ? kRedacted : value);
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

}  // namespace plumb::telemetry
