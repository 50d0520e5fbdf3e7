// Secrets: the one rule that decides what plumb never writes in clear — log fields, span
// attributes, trace-IO recordings, metric label names, and every message that prints a URL.
// A key is cut into words (at punctuation, lower-to-upper case changes and letter/digit
// changes); a pattern matches one or more consecutive words that, joined, spell it (`api_key`
// matches `x-api-key`, `apiKey` and `APIKEY`); a match directly followed by a measure word
// (`count`, `limit`, `type`, ...) is not a secret (`token_count`, `gen_ai.token.type`), and
// plurals are patterns of their own (`tokens` counts tokens). docs/telemetry.md, section
// "Redaction", states the rule and both word lists.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <plumb/value.hpp>

namespace plumb {

inline constexpr std::string_view kRedacted = "[REDACTED]";

class Redactor {
 public:
  Redactor();  // the default patterns
  explicit Redactor(const std::vector<std::string>& patterns);
  static const std::vector<std::string>& default_patterns();
  // The patterns of PLUMB_REDACT_KEYS: `a,b` replaces the default patterns, `+a,b` adds to them.
  static Redactor from_list(std::string_view list);
  // The default patterns, for callers without a configured redactor.
  static const Redactor& standard();

  // Called for every attribute of every exported span: allocates nothing, and compares only at
  // word starts where some pattern begins.
  bool secret(std::string_view key) const;
  // The value to show for field `key`: kRedacted when the key is secret, else redacted(value).
  Value field(std::string_view key, const Value& value) const;
  // `value` with the value of every secret key replaced by kRedacted, at any depth of records
  // and lists, and credentials in URLs inside its strings redacted (redact_urls). Unchanged
  // parts are shared, not copied; the walk uses a heap stack, so any depth is safe.
  Value redacted(const Value& value) const;

 private:
  void add(std::string_view pattern);
  std::size_t match_end(std::string_view key, std::size_t start, const std::string& pattern) const;

  std::vector<std::string> patterns_;  // lower-case letters and digits, sorted
  // patterns_[first_[c], first_[c + 1]) begin with the character c.
  std::array<std::uint16_t, 257> first_{};
  // Bit (d % 64) of seconds_[c] is set when a pattern starting with c has d as its second
  // character (all bits for a one-character pattern): most word starts stop at this test.
  std::array<std::uint64_t, 256> seconds_{};
};

// `url` with its user information and the values of secret query and fragment parameters
// replaced by `REDACTED`: `https://REDACTED@host/v1?token=REDACTED&x=1`. Parameter names are
// secret by the default patterns plus `sig`, `signature`, `key`, `p`, `pwd` and `pass`. Text
// without `://` is treated as a path with a query. Nothing is decoded or re-encoded otherwise.
std::string redacted_url(std::string_view url);
// `%XX` escapes decoded (`api%5Fkey` is `api_key`); a `%` not followed by two hex digits stays.
std::string percent_decode(std::string_view text);
// Whether `text` contains something redact_urls would look at (a `://`).
bool mentions_url(std::string_view text) noexcept;
// `text` with every URL in it (a scheme, `://`, up to a space, quote or angle bracket) passed
// through redacted_url.
std::string redact_urls(std::string_view text);

// Replaces each occurrence of each of `secrets` (values of at least kMinSecretBytes bytes)
// in `text` by kRedacted; returns whether anything was replaced.
inline constexpr std::size_t kMinSecretBytes = 4;
bool scrub_secrets(std::string& text, std::span<const std::string> secrets);
// `value` with scrub_secrets applied to every string in it, at any depth.
Value scrub_secrets(const Value& value, std::span<const std::string> secrets);

}  // namespace plumb
