// Redactor: word-based matching of secret keys, and redacted copies of values.
#include "base/value/redaction.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace plumb {

namespace {

enum class CharClass : std::uint8_t { Separator, Lower, Upper, Digit };

// The class and ASCII lower-case form of every byte, looked up rather than computed: secret()
// runs for every attribute of every exported span. Bytes of multi-byte UTF-8 sequences count
// as lower-case letters: part of a word, never a boundary.
struct ByteTable {
  std::array<CharClass, 256> classes{};
  std::array<char, 256> lower{};
};

constexpr ByteTable make_byte_table() {
  ByteTable table;
  for (int b = 0; b < 256; ++b) {
    CharClass cls = CharClass::Separator;
    if (b >= 'a' && b <= 'z') cls = CharClass::Lower;
    if (b >= 'A' && b <= 'Z') cls = CharClass::Upper;
    if (b >= '0' && b <= '9') cls = CharClass::Digit;
    if (b >= 0x80) cls = CharClass::Lower;
    table.classes[b] = cls;
    table.lower[b] = static_cast<char>(cls == CharClass::Upper ? b - 'A' + 'a' : b);
  }
  return table;
}

constexpr ByteTable kBytes = make_byte_table();

CharClass class_of(char c) {
  return kBytes.classes[static_cast<unsigned char>(c)];
}

char lower(char c) {
  return kBytes.lower[static_cast<unsigned char>(c)];
}

// Whether a word ends before `key[i]` (0 < i < size, key[i - 1] not a separator).
inline bool boundary_before(std::string_view key, std::size_t i) {
  const CharClass a = class_of(key[i - 1]);
  const CharClass b = class_of(key[i]);
  if (a == CharClass::Lower && b == CharClass::Lower) return false;  // the common case
  if (b == CharClass::Separator) return true;
  if ((a == CharClass::Digit) != (b == CharClass::Digit)) return true;
  if (a == CharClass::Lower && b == CharClass::Upper) return true;
  // `APIKey`: the last capital of a run starts the next word when a lower-case letter follows.
  return a == CharClass::Upper && b == CharClass::Upper && i + 1 < key.size() &&
         class_of(key[i + 1]) == CharClass::Lower;
}

bool word_end(std::string_view key, std::size_t i) {
  return i == key.size() || boundary_before(key, i);
}

// Words that, right after a match, say the key measures the secret thing rather than holds it.
bool measure_word(std::string_view key, std::size_t start, std::size_t end) {
  static constexpr std::array<std::string_view, 19> kMeasures = {
      "count", "counts", "total",  "limit", "limits", "max",  "min",    "size",    "len", "length",
      "usage", "used",   "budget", "rate",  "type",   "kind", "expiry", "expires", "ttl"};
  const std::size_t size = end - start;
  for (std::string_view word : kMeasures) {
    if (word.size() != size) continue;
    std::size_t i = 0;
    while (i < size && lower(key[start + i]) == word[i])
      ++i;
    if (i == size) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& Redactor::default_patterns() {
  static const std::vector<std::string> kPatterns = {
      "password",   "passwords",     "passwd",     "passphrase",   "secret",        "secrets",
      "secret_key", "client_secret", "token",      "access_token", "refresh_token", "auth_token",
      "api_key",    "api_keys",      "access_key", "private_key",  "auth",          "authorization",
      "bearer",     "jwt",           "cookie",     "cookies",      "credential",    "credentials"};
  return kPatterns;
}

Redactor::Redactor() : Redactor(default_patterns()) {
}

Redactor::Redactor(const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns)
    add(pattern);
  std::sort(patterns_.begin(), patterns_.end());
  patterns_.erase(std::unique(patterns_.begin(), patterns_.end()), patterns_.end());
  if (patterns_.size() > UINT16_MAX) throw std::invalid_argument("too many redaction patterns");
  std::size_t next = 0;
  for (std::size_t c = 0; c < 256; ++c) {
    first_[c] = static_cast<std::uint16_t>(next);
    for (; next < patterns_.size() && static_cast<unsigned char>(patterns_[next][0]) == c; ++next) {
      const std::string& pattern = patterns_[next];
      seconds_[c] |=
          pattern.size() == 1 ? ~std::uint64_t{0} : std::uint64_t{1} << (pattern[1] & 63);
    }
  }
  first_[256] = static_cast<std::uint16_t>(next);
}

void Redactor::add(std::string_view pattern) {
  std::string normalised;
  for (char c : pattern) {
    if (class_of(c) != CharClass::Separator) normalised += lower(c);
  }
  if (!normalised.empty()) patterns_.push_back(std::move(normalised));
}

Redactor Redactor::from_list(std::string_view list) {
  std::vector<std::string> patterns;
  if (!list.empty() && list.front() == '+') {
    patterns = default_patterns();
    list.remove_prefix(1);
  }
  while (!list.empty()) {
    const std::size_t comma = std::min(list.find(','), list.size());
    patterns.emplace_back(list.substr(0, comma));
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return Redactor(patterns);
}

const Redactor& Redactor::standard() {
  static const Redactor kStandard;
  return kStandard;
}

// Where a match of `pattern` that starts at the word start `start` ends (after its last
// word), or npos. Separators between the matched words are skipped.
std::size_t Redactor::match_end(std::string_view key, std::size_t start,
                                const std::string& pattern) const {
  std::size_t at = start;
  for (std::size_t k = 0; k < pattern.size(); ++at) {
    if (at == key.size()) return std::string_view::npos;
    if (class_of(key[at]) == CharClass::Separator) continue;
    if (lower(key[at]) != pattern[k]) return std::string_view::npos;
    ++k;
  }
  return word_end(key, at) ? at : std::string_view::npos;
}

bool Redactor::secret(std::string_view key) const {
  for (std::size_t start = 0; start < key.size(); ++start) {
    // Patterns hold only letters and digits, so separators are skipped here too.
    const auto c = static_cast<unsigned char>(lower(key[start]));
    if (first_[c] == first_[c + 1]) continue;
    const bool word_start = start == 0 || class_of(key[start - 1]) == CharClass::Separator ||
                            boundary_before(key, start);
    if (!word_start) continue;
    // The key's next letter or digit: most patterns are ruled out by their second character.
    std::size_t second_at = start + 1;
    while (second_at < key.size() && class_of(key[second_at]) == CharClass::Separator)
      ++second_at;
    const char second = second_at < key.size() ? lower(key[second_at]) : '\0';
    if ((seconds_[c] >> (second & 63) & 1) == 0) continue;
    // Patterns are sorted: within the bucket, second characters ascend.
    for (std::size_t p = first_[c]; p < first_[c + 1]; ++p) {
      const std::string& pattern = patterns_[p];
      if (pattern.size() > 1 && pattern[1] != second) {
        if (static_cast<unsigned char>(pattern[1]) > static_cast<unsigned char>(second)) break;
        continue;
      }
      const std::size_t end = match_end(key, start, pattern);
      if (end == std::string_view::npos) continue;
      std::size_t next = end;
      while (next < key.size() && class_of(key[next]) == CharClass::Separator)
        ++next;
      if (next == key.size()) return true;
      std::size_t next_end = next + 1;
      while (!word_end(key, next_end))
        ++next_end;
      if (!measure_word(key, next, next_end)) return true;
    }
  }
  return false;
}

Value Redactor::field(std::string_view key, const Value& value) const {
  return secret(key) ? Value::string(kRedacted) : redacted(value);
}

namespace {

std::span<const Value> items_of(const Value& value) {
  return value.is_list() ? value.as_list() : value.field_values();
}

bool container(const Value& value) {
  return value.is_list() || value.is_record();
}

// One list or record being rebuilt: the items before `next` are done, and `items` holds
// their new values once one of them changed.
struct Pending {
  const Value* value;
  std::size_t next = 0;
  bool changed = false;
  std::vector<Value> items;

  void take(Value item) {
    const Value& before = items_of(*value)[next];
    const bool same = item.kind() == before.kind() && item.raw_bits() == before.raw_bits();
    if (!same && !changed) {
      changed = true;
      const auto old = items_of(*value);
      items.assign(old.begin(), old.begin() + static_cast<std::ptrdiff_t>(next));
    }
    if (changed) items.push_back(std::move(item));
    ++next;
  }

  Value result() {
    if (!changed) return *value;
    if (value->is_list()) return Value::list(std::move(items));
    return Value::record(Shape(value->shape()), std::move(items));
  }
};

// `value` rebuilt with the values of keys `hidden` says are secret replaced by kRedacted and
// each string `rewrite` returns a replacement for (nullopt: unchanged) replaced.
template <typename Hidden, typename Rewrite>
Value rewritten(const Value& value, Hidden hidden, Rewrite rewrite) {
  if (value.is_str()) {
    std::optional<std::string> text = rewrite(value.as_str());
    return text ? Value::string(*text) : value;
  }
  if (!container(value)) return value;
  std::vector<Pending> stack;
  stack.push_back(Pending{&value});
  for (;;) {
    Pending& top = stack.back();
    const std::span<const Value> items = items_of(*top.value);
    if (top.next == items.size()) {
      Value done = top.result();
      stack.pop_back();
      if (stack.empty()) return done;
      stack.back().take(std::move(done));
      continue;
    }
    const Value& item = items[top.next];
    if (top.value->is_record() && hidden(top.value->shape().key(top.next))) {
      top.take(Value::string(kRedacted));
    } else if (container(item) && !items_of(item).empty()) {
      stack.push_back(Pending{&item});
    } else if (std::optional<std::string> text; item.is_str() && (text = rewrite(item.as_str()))) {
      top.take(Value::string(*text));
    } else {
      top.take(item);
    }
  }
}

}  // namespace

Value Redactor::redacted(const Value& value) const {
  return rewritten(
      value, [this](std::string_view key) { return secret(key); },
      [](std::string_view text) -> std::optional<std::string> {
        if (!mentions_url(text)) return std::nullopt;
        return redact_urls(text);
      });
}

Value scrub_secrets(const Value& value, std::span<const std::string> secrets) {
  return rewritten(
      value, [](std::string_view) { return false; },
      [secrets](std::string_view text) -> std::optional<std::string> {
        std::string out(text);
        if (!scrub_secrets(out, secrets)) return std::nullopt;
        return out;
      });
}

}  // namespace plumb
