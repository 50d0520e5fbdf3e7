// RE2 patterns for the standard library: the compiled-pattern cache, messages for patterns RE2
// refuses (naming back-references and lookaround, which it does not support), iteration over
// matches and ECMAScript-style replacement strings.
#include "stdlib/regex_support.hpp"

#include "stdlib/arguments.hpp"

#include "base/value/unicode.hpp"

#include <mutex>
#include <unordered_map>

namespace plumb::stdlib {

namespace {

// Patterns in messages are cut to this many characters.
constexpr std::size_t kShownPattern = 80;

std::string shown(std::string_view pattern) {
  if (unicode::code_point_count(pattern) <= kShownPattern) return quote(pattern);
  return quote(std::string(unicode::slice(pattern, 0, kShownPattern)) + "...");
}

// What RE2 does not support, from the escape it stopped at (`\1`, `\k`, `\u`).
std::string bad_escape(const std::string& escape) {
  if (escape.size() == 2 && escape[1] >= '1' && escape[1] <= '9') {
    return "back-reference `" + escape + "` is not supported (RE2 has no back-references)";
  }
  if (escape == "\\k") return "named back-reference `\\k<...>` is not supported";
  if (escape == "\\u") return "`\\uXXXX` is not supported; write `\\x{XXXX}`";
  return "invalid escape `" + escape + "`";
}

// What RE2 does not support, from the group syntax it stopped at (`(?=`, `(?<`, ...).
std::string bad_group(std::string_view pattern, const std::string& group) {
  if (group == "(?=") return "lookahead `(?=...)` is not supported";
  if (group == "(?!") return "negative lookahead `(?!...)` is not supported";
  if (group == "(?<") {
    std::size_t at = pattern.find("(?<");
    char next = at + 3 < pattern.size() ? pattern[at + 3] : '\0';
    if (next == '=') return "lookbehind `(?<=...)` is not supported";
    if (next == '!') return "negative lookbehind `(?<!...)` is not supported";
    return "named groups are written `(?P<name>...)`";
  }
  if (group == "(?#") return "comments `(?#...)` are not supported";
  return "unsupported group `" + group + "`";
}

std::string problem(std::string_view pattern, const re2::RE2& re) {
  const std::string& arg = re.error_arg();
  switch (re.error_code()) {
    case re2::RE2::ErrorBadEscape:
      return bad_escape(arg);
    case re2::RE2::ErrorBadPerlOp:
      return bad_group(pattern, arg);
    case re2::RE2::ErrorMissingBracket:
      return "unmatched '['";
    case re2::RE2::ErrorMissingParen:
    case re2::RE2::ErrorUnexpectedParen:
      return "unmatched '(' or ')'";
    case re2::RE2::ErrorRepeatArgument:
      return "'*', '+', '?' or '{' with nothing to repeat";
    case re2::RE2::ErrorRepeatSize:
      return "invalid repetition count `" + arg + "` (counts go up to 1000)";
    case re2::RE2::ErrorRepeatOp:
      return "invalid repetition `" + arg + "`";
    case re2::RE2::ErrorBadCharClass:
    case re2::RE2::ErrorBadCharRange:
      return "invalid character class or range `" + arg + "`";
    case re2::RE2::ErrorTrailingBackslash:
      return "trailing backslash";
    case re2::RE2::ErrorBadUTF8:
      return "not valid UTF-8";
    case re2::RE2::ErrorBadNamedCapture:
      return "invalid group name `" + arg + "`";
    case re2::RE2::ErrorPatternTooLarge:
      return "too large to compile (more than " +
             std::to_string(re2::RE2::Options().max_mem() >> 20) + " MiB of compiled pattern)";
    default:
      return re.error();
  }
}

}  // namespace

std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern) {
  constexpr std::size_t kMaxCached = 256;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> cache;
  std::string key(pattern);
  {
    std::lock_guard guard(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(re2::StringPiece(key.data(), key.size()), options);
  if (!re->ok()) throw RegexError("invalid regex " + shown(pattern) + ": " + problem(pattern, *re));
  std::lock_guard guard(mutex);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), re);
  return re;
}

bool matches_anywhere(const re2::RE2& re, std::string_view text) {
  return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

void for_each_match(const re2::RE2& re, std::string_view text,
                    const std::function<bool(const RegexMatch&)>& on_match) {
  const auto groups = static_cast<std::size_t>(re.NumberOfCapturingGroups()) + 1;
  std::vector<re2::StringPiece> found(groups);
  RegexMatch match{std::vector<std::string_view>(groups), std::vector<bool>(groups)};
  const re2::StringPiece input(text.data(), text.size());
  std::size_t pos = 0;
  while (re.Match(input, pos, text.size(), re2::RE2::UNANCHORED, found.data(),
                  static_cast<int>(groups))) {
    for (std::size_t i = 0; i < groups; ++i) {
      match.matched[i] = found[i].data() != nullptr;
      match.groups[i] = match.matched[i] ? std::string_view(found[i].data(), found[i].size())
                                         : std::string_view();
    }
    if (!on_match(match)) return;
    const auto end = static_cast<std::size_t>(found[0].data() - text.data()) + found[0].size();
    if (!found[0].empty()) {
      pos = end;
    } else if (end < text.size()) {
      pos = end + unicode::decode(text, end).length;
    } else {
      return;
    }
  }
}

void append_replacement(std::string& out, std::string_view replacement, const RegexMatch& match,
                        std::string_view text) {
  const std::string_view whole = match.groups[0];
  const auto start = static_cast<std::size_t>(whole.data() - text.data());
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    char next = i + 1 < replacement.size() ? replacement[i + 1] : '\0';
    if (c != '$' || next == '\0') {
      out += c;
      continue;
    }
    if (next == '$') {
      out += '$';
    } else if (next == '&') {
      out += whole;
    } else if (next == '`') {
      out += text.substr(0, start);
    } else if (next == '\'') {
      out += text.substr(start + whole.size());
    } else if (is_digit(next)) {
      // Two digits when they name a group, else one; `$0` and missing groups stay as written.
      std::size_t group = static_cast<std::size_t>(next - '0');
      std::size_t used = 1;
      char second = i + 2 < replacement.size() ? replacement[i + 2] : '\0';
      if (is_digit(second) && group * 10 + (second - '0') < match.groups.size()) {
        group = group * 10 + static_cast<std::size_t>(second - '0');
        used = 2;
      }
      if (group == 0 || group >= match.groups.size()) {
        out += c;
        continue;
      }
      out += match.groups[group];
      i += used;
      continue;
    } else {
      out += c;
      continue;
    }
    ++i;
  }
}

}  // namespace plumb::stdlib
