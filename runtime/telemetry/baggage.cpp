// parse_baggage: splits the list on commas and each member on `=` and `;`, checking keys
// (RFC 9110 tokens) and values (baggage octets, percent-encoded text) as the grammar says.
#include "runtime/telemetry/baggage.hpp"

#include <vector>

namespace plumb::telemetry {

namespace {

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: printable ASCII but space, `"`, `,`, `;`, `\`.
bool is_value_char(char c) {
  return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' && c != '\\';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

bool all_of(std::string_view text, bool (*accept)(char)) {
  for (char c : text) {
    if (!accept(c)) return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

// `key = value` (a member's first part, or a property with a value); false when malformed.
bool key_value(std::string_view text, bool value_required, std::string& out) {
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    std::string_view key = trim(text);
    if (value_required || key.empty() || !all_of(key, is_token_char)) return false;
    out += key;
    return true;
  }
  std::string_view key = trim(text.substr(0, eq));
  std::string_view value = trim(text.substr(eq + 1));
  if (key.empty() || !all_of(key, is_token_char) || !all_of(value, is_value_char)) return false;
  out.append(key).append("=").append(value);
  return true;
}

}  // namespace

std::optional<std::string> parse_baggage(std::string_view header, std::string* problem) {
  auto fail = [&](std::string why) -> std::optional<std::string> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  if (header.size() > kMaxBaggageBytes) {
    return fail("longer than " + std::to_string(kMaxBaggageBytes) + " bytes");
  }
  if (trim(header).empty()) return std::string();
  std::vector<std::string_view> members = split(header, ',');
  if (members.size() > kMaxBaggageMembers) {
    return fail("more than " + std::to_string(kMaxBaggageMembers) + " members");
  }
  std::string out;
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::vector<std::string_view> parts = split(members[i], ';');
    if (i > 0) out += ',';
    bool ok = key_value(parts[0], true, out);
    for (std::size_t p = 1; ok && p < parts.size(); ++p) {
      out += ';';
      ok = key_value(parts[p], false, out);
    }
    if (!ok) {
      return fail("member " + std::to_string(i + 1) + " (`" + std::string(trim(members[i])) +
                  "`) is not `key=value` with a token key and a percent-encoded value");
    }
  }
  return out;
}

}  // namespace plumb::telemetry
