// Redactor: substring matching on normalised keys.
#include "runtime/telemetry/redaction.hpp"

namespace plumb::telemetry {

namespace {

// ASCII lower case with `-` read as `_` (no locale: the same on every machine).
char normalised(char c) {
  if (c == '-') return '_';
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string normalise(std::string_view key) {
  std::string out(key);
  for (char& c : out)
    c = normalised(c);
  return out;
}

}  // namespace

Redactor::Redactor(std::vector<std::string> patterns) {
  for (const std::string& p : patterns) {
    if (p.empty()) continue;
    starting_with_[static_cast<unsigned char>(normalised(p[0]))].push_back(
        static_cast<std::uint32_t>(patterns_.size()));
    patterns_.push_back(normalise(p));
  }
}

std::vector<std::string> Redactor::default_patterns() {
  return {"password", "passwd", "secret", "token", "api_key", "apikey", "authorization"};
}

// Called for every attribute of every exported span, so it allocates nothing and reads the
// key once, comparing only where a pattern could start.
bool Redactor::secret(std::string_view key) const {
  for (std::size_t at = 0; at < key.size(); ++at) {
    for (std::uint32_t index : starting_with_[static_cast<unsigned char>(normalised(key[at]))]) {
      const std::string& p = patterns_[index];
      if (p.size() > key.size() - at) continue;
      std::size_t i = 1;
      while (i < p.size() && normalised(key[at + i]) == p[i])
        ++i;
      if (i == p.size()) return true;
    }
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
