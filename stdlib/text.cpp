// text.words, text.tokens and the text.regex_* stages (text.split and text.sentiment live in
// text_split.cpp and text_sentiment.cpp). Regexes use std::regex with ECMAScript syntax over
// the bytes of the string; compiled patterns are cached per pattern.
#include "stdlib/stdlib.hpp"
#include "stdlib/support.hpp"
#include "stdlib/text_support.hpp"

#include "runtime/value/unicode.hpp"

#include <memory>
#include <mutex>
#include <regex>
#include <unordered_map>

namespace plumb::stdlib {

namespace {

bool is_word_char(char32_t c) {
  return unicode::is_letter(c) || unicode::is_digit(c);
}
bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019';
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto finish = [&] {
    if (!word.empty()) words.push_back(unicode::lower(word));
    word.clear();
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    unicode::Decoded d = unicode::decode(text, pos);
    if (d.valid && is_word_char(d.code_point)) {
      word.append(text.substr(pos, d.length));
    } else if (d.valid && is_apostrophe(d.code_point) && !word.empty() &&
               pos + d.length < text.size()) {
      unicode::Decoded next = unicode::decode(text, pos + d.length);
      if (next.valid && is_word_char(next.code_point)) {
        word += '\'';
      } else {
        finish();
      }
    } else {
      finish();
    }
    pos += d.length;
  }
  finish();
  return words;
}

namespace {

Value run_words(StageContext& ctx) {
  std::string_view text = ctx.str_arg("s");
  std::vector<Value> out;
  for (std::string& w : split_words(text))
    out.push_back(Value::string(w));
  ctx.items(1, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

// Scripts written without spaces, where tokenizers spend about one token per character.
bool is_ideographic(char32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// An estimate of the token count of a GPT-style BPE tokenizer: a run of letters with n ASCII
// letters counts max(1, round(n / 4)) tokens plus one per non-ASCII letter (one per character
// in ideographic scripts); a run of n digits counts ceil(n / 3); every other character that
// is not white space (punctuation, symbols, emoji, invalid bytes) counts one.
std::int64_t estimate_tokens(std::string_view text) {
  std::int64_t tokens = 0;
  std::int64_t ascii_letters = 0;
  std::int64_t digits = 0;
  auto end_letters = [&] {
    if (ascii_letters > 0) tokens += std::max<std::int64_t>(1, (ascii_letters + 2) / 4);
    ascii_letters = 0;
  };
  auto end_digits = [&] {
    tokens += (digits + 2) / 3;
    digits = 0;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    unicode::Decoded d = unicode::decode(text, pos);
    pos += d.length;
    char32_t c = d.code_point;
    if (d.valid && unicode::is_digit(c)) {
      end_letters();
      ++digits;
      continue;
    }
    end_digits();
    if (d.valid && unicode::is_letter(c) && !is_ideographic(c)) {
      if (c < 0x80) {
        ++ascii_letters;
      } else {
        ++tokens;
      }
      continue;
    }
    end_letters();
    if (!d.valid || !unicode::is_space(c)) ++tokens;
  }
  end_letters();
  end_digits();
  return tokens;
}

Value run_tokens(StageContext& ctx) {
  return Value::integer(estimate_tokens(ctx.str_arg("s")));
}

std::string_view describe_regex_error(std::regex_constants::error_type code) {
  namespace rc = std::regex_constants;
  switch (code) {
    case rc::error_collate:
    case rc::error_ctype:
      return "invalid character class or collating element";
    case rc::error_escape:
      return "invalid escape or trailing backslash";
    case rc::error_backref:
      return "invalid back reference";
    case rc::error_brack:
      return "unmatched '['";
    case rc::error_paren:
      return "unmatched '(' or ')'";
    case rc::error_brace:
      return "unmatched '{'";
    case rc::error_badbrace:
      return "invalid repetition count in '{}'";
    case rc::error_range:
      return "invalid character range";
    case rc::error_space:
      return "not enough memory to compile";
    case rc::error_badrepeat:
      return "'*', '+', '?' or '{' with nothing to repeat";
    case rc::error_complexity:
    case rc::error_stack:
      return "too complex to match";
    default:
      return "invalid pattern";
  }
}

// libstdc++ reports both unbalanced parentheses and a quantifier with nothing to repeat as
// error_paren; this tells them apart.
bool parentheses_balanced(std::string_view pattern) {
  int depth = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']')
        j += pattern[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}

std::string pattern_problem(std::string_view pattern, const std::regex_error& e) {
  auto code = e.code();
  if (code == std::regex_constants::error_paren && parentheses_balanced(pattern)) {
    code = std::regex_constants::error_badrepeat;
  }
  return "argument `pattern`: invalid regex " + quote(pattern) + ": " +
         std::string(describe_regex_error(code));
}

// Compiled patterns, shared between threads. The cache is emptied when it holds too many.
std::shared_ptr<const std::regex> compile(const StageContext& ctx, std::string_view pattern) {
  constexpr std::size_t kMaxCached = 256;
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const std::regex>> cache;
  std::string key(pattern);
  {
    std::lock_guard guard(mutex);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  std::shared_ptr<const std::regex> re;
  try {
    re = std::make_shared<const std::regex>(key, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    ctx.fail(pattern_problem(pattern, e));
  }
  std::lock_guard guard(mutex);
  if (cache.size() >= kMaxCached) cache.clear();
  cache.emplace(std::move(key), re);
  return re;
}

std::optional<std::string> check_pattern(std::string_view stage_name, std::string_view param,
                                         const Value& value) {
  if (param != "pattern" || !value.is_str()) return std::nullopt;
  try {
    std::regex re(std::string(value.as_str()), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return std::string(stage_name) + ": " + pattern_problem(value.as_str(), e);
  }
  return std::nullopt;
}

// Runs a match; a pattern that backtracks too much for this input fails the stage.
template <typename F>
auto matching(const StageContext& ctx, std::string_view pattern, F&& body) {
  try {
    return body();
  } catch (const std::regex_error& e) {
    ctx.fail("pattern " + quote(pattern) + " is " + std::string(describe_regex_error(e.code())) +
             " on this input");
  }
}

Value run_regex_find(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  std::string_view pattern = ctx.str_arg("pattern");
  auto re = compile(ctx, pattern);
  std::vector<Value> out = matching(ctx, pattern, [&] {
    std::vector<Value> found;
    for (std::cregex_iterator it(s.data(), s.data() + s.size(), *re), end; it != end; ++it) {
      found.push_back(Value::string(std::string_view(it->str())));
    }
    return found;
  });
  ctx.items(1, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

Value run_regex_replace(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  std::string_view pattern = ctx.str_arg("pattern");
  std::string replacement(ctx.str_arg("replacement"));
  auto re = compile(ctx, pattern);
  return Value::string(matching(ctx, pattern, [&] {
    std::string out;
    std::regex_replace(std::back_inserter(out), s.begin(), s.end(), *re, replacement);
    return out;
  }));
}

Value run_regex_match(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  std::string_view pattern = ctx.str_arg("pattern");
  auto re = compile(ctx, pattern);
  return Value::boolean(
      matching(ctx, pattern, [&] { return std::regex_search(s.begin(), s.end(), *re); }));
}

ConstantCheck pattern_check(std::string_view stage_name) {
  return [stage_name](std::string_view param, const Value& value) {
    return check_pattern(stage_name, param, value);
  };
}

}  // namespace

void register_text(StageRegistry& registry) {
  Param s = required("s", Type::string(), "the text");
  Param pattern = required("pattern", Type::string(), "ECMAScript regular expression");
  registry.add(make_stage("text.words", {s}, Type::list(Type::string()), Purity::Pure,
                          "lower-cased words: runs of Unicode letters and digits (keeps "
                          "apostrophes inside words)",
                          run_words));
  registry.add(make_stage("text.tokens", {s}, Type::integer(), Purity::Pure,
                          "estimated GPT-style token count: ~4 ASCII letters, 3 digits, one "
                          "non-ASCII letter or one symbol per token",
                          run_tokens));
  registry.add(make_stage("text.regex_find", {s, pattern}, Type::list(Type::string()), Purity::Pure,
                          "every non-overlapping match of the pattern", run_regex_find,
                          pattern_check("text.regex_find")));
  registry.add(make_stage(
      "text.regex_replace",
      {s, pattern, required("replacement", Type::string(), "replacement; $1, $& and $$ expand")},
      Type::string(), Purity::Pure, "replace every match ($1 refers to the first group)",
      run_regex_replace, pattern_check("text.regex_replace")));
  registry.add(make_stage("text.regex_match", {s, pattern}, Type::boolean(), Purity::Pure,
                          "whether the pattern matches anywhere in the text", run_regex_match,
                          pattern_check("text.regex_match")));
  register_text_split(registry);
  register_text_sentiment(registry);
}

}  // namespace plumb::stdlib
