// redacted_url, redact_urls and scrub_secrets: credentials out of URLs and free text. Works
// on the text as written (no URL library, nothing loaded), so any message can use it. Also
// percent_decode, for parameter names here and the OTEL_* variables.
#include "base/value/redaction.hpp"

namespace plumb {

namespace {

constexpr std::string_view kHidden = "REDACTED";

const Redactor& parameter_rule() {
  static const Redactor kRule = [] {
    std::vector<std::string> patterns = Redactor::default_patterns();
    // Signed URLs (`X-Amz-Signature`), API keys (`?key=`), InfluxDB 1.x's password (`p`).
    for (const char* name : {"sig", "signature", "key", "p", "pwd", "pass"})
      patterns.emplace_back(name);
    return Redactor(patterns);
  }();
  return kRule;
}

// `a=1&token=x` with the values of secret names hidden (`&` and `;` separate parameters).
void append_parameters(std::string& out, std::string_view parameters) {
  while (true) {
    const std::size_t end = std::min(parameters.find_first_of("&;"), parameters.size());
    const std::string_view item = parameters.substr(0, end);
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos &&
        parameter_rule().secret(percent_decode(item.substr(0, eq)))) {
      out.append(item.substr(0, eq + 1)).append(kHidden);
    } else {
      out.append(item);
    }
    if (end == parameters.size()) return;
    out += parameters[end];
    parameters.remove_prefix(end + 1);
  }
}

bool scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

bool url_end(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '`';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string redacted_url(std::string_view url) {
  std::string out;
  out.reserve(url.size() + 16);
  std::size_t rest = 0;
  if (const std::size_t scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
    const std::size_t at = url.substr(authority, authority_end - authority).rfind('@');
    out.append(url.substr(0, authority));
    if (at != std::string_view::npos) {
      // `user:password@` becomes `REDACTED:REDACTED@`, a lone user (often a token) `REDACTED@`.
      out.append(kHidden);
      if (url.substr(authority, at).find(':') != std::string_view::npos) {
        out.append(":").append(kHidden);
      }
    }
    rest = at == std::string_view::npos ? authority : authority + at;
  }
  const std::size_t query = std::min(url.find_first_of("?#", rest), url.size());
  out.append(url.substr(rest, query - rest));
  if (query == url.size()) return out;
  const std::size_t fragment = std::min(url.find('#', query), url.size());
  if (url[query] == '?') {
    out += '?';
    append_parameters(out, url.substr(query + 1, fragment - query - 1));
  }
  if (fragment < url.size()) {
    out += '#';
    append_parameters(out, url.substr(fragment + 1));
  }
  return out;
}

bool mentions_url(std::string_view text) noexcept {
  return text.find("://") != std::string_view::npos;
}

std::string redact_urls(std::string_view text) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t marker = text.find("://"); marker != std::string_view::npos;
       marker = text.find("://", marker + 3)) {
    std::size_t start = marker;
    while (start > done && scheme_char(text[start - 1]))
      --start;
    if (start == marker) continue;
    std::size_t end = marker + 3;
    while (end < text.size() && !url_end(text[end]))
      ++end;
    out.append(text.substr(done, start - done));
    out += redacted_url(text.substr(start, end - start));
    done = end;
    marker = end >= 3 ? end - 3 : end;
  }
  out.append(text.substr(done));
  return out;
}

bool scrub_secrets(std::string& text, std::span<const std::string> secrets) {
  bool changed = false;
  for (const std::string& secret : secrets) {
    if (secret.size() < kMinSecretBytes) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kRedacted.size())) {
      text.replace(at, secret.size(), kRedacted);
      changed = true;
    }
  }
  return changed;
}

}  // namespace plumb
