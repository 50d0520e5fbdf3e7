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
    if (!p.empty()) patterns_.push_back(normalise(p));
  }
}

std::vector<std::string> Redactor::default_patterns() {
  return {"password", "passwd", "secret", "token", "api_key", "apikey", "authorization"};
}

// Called for every attribute of every exported span: keys of usual length are normalised on
// the stack.
bool Redactor::secret(std::string_view key) const {
  if (patterns_.empty()) return false;
  char buffer[128];
  std::string longer;
  char* text = buffer;
  if (key.size() > sizeof buffer) {
    longer.resize(key.size());
    text = longer.data();
  }
  for (std::size_t i = 0; i < key.size(); ++i)
    text[i] = normalised(key[i]);
  const std::string_view view(text, key.size());
  for (const std::string& p : patterns_) {
    if (view.find(p) != std::string_view::npos) return true;
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
