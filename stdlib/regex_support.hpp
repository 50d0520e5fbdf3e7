// Regular expressions for the text.regex_* stages and quality.check, with RE2: matching takes
// time linear in the input and never recurses, so no pattern backtracks catastrophically and
// no pattern or input is too long for the stack. RE2 syntax is close to ECMAScript's but has
// no back-references or lookaround; a pattern that uses them is refused with a message that
// names the construct. Compiled patterns are cached and shared between threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace plumb::stdlib {

// A pattern RE2 cannot compile; what() is `invalid regex "a[": unmatched '['`.
class RegexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The compiled pattern (cached); throws RegexError.
std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern);

// Whether the pattern matches anywhere in `text`.
bool matches_anywhere(const re2::RE2& re, std::string_view text);

// One match: the whole match first, then each group (empty and `matched` false when the
// group took no part in the match).
struct RegexMatch {
  std::vector<std::string_view> groups;
  std::vector<bool> matched;
};

// Calls `on_match` for every non-overlapping match from left to right; an empty match moves
// the search on by one character (a code point, or one byte of invalid UTF-8). `on_match`
// returns false to stop.
void for_each_match(const re2::RE2& re, std::string_view text,
                    const std::function<bool(const RegexMatch&)>& on_match);

// `replacement` with `$&` (the match), `$1` ... `$99` (groups), `` $` `` (the text before the
// match), `$'` (the text after it) and `$$` (a `$`) expanded, as in ECMAScript.
void append_replacement(std::string& out, std::string_view replacement, const RegexMatch& match,
                        std::string_view text);

}  // namespace plumb::stdlib
