// text.words, text.tokens and the text.regex_* stages (text.split and text.sentiment live in
// text_split.cpp and text_sentiment.cpp). Regexes use RE2 (regex_support.hpp): linear-time
// matching over UTF-8 text, no back-references or lookaround.
#include "stdlib/cancellation.hpp"
#include "stdlib/regex_support.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/text_support.hpp"

#include "base/value/unicode.hpp"

#include <functional>
#include <memory>
#include <optional>

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

// The compiled pattern; a bad pattern fails the stage.
std::shared_ptr<const re2::RE2> compile(const StageContext& ctx, std::string_view pattern) {
  try {
    return compile_regex(pattern);
  } catch (const RegexError& e) {
    ctx.fail("argument `pattern`: " + std::string(e.what()));
  }
}

void check_pattern(const StageContext& ctx, const Value& pattern) {
  if (pattern.is_str()) compile(ctx, pattern.as_str());
}

// Every match, checking for cancellation (a node's @timeout) between matches.
void each_match(StageContext& ctx, const re2::RE2& re, std::string_view s,
                const std::function<void(const RegexMatch&)>& on_match) {
  CancellationCheck check(ctx);
  for_each_match(re, s, [&](const RegexMatch& match) {
    check.tick();
    on_match(match);
    return true;
  });
}

Value run_regex_find(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  auto re = compile(ctx, ctx.str_arg("pattern"));
  std::vector<Value> out;
  each_match(ctx, *re, s,
             [&](const RegexMatch& match) { out.push_back(Value::string(match.groups[0])); });
  ctx.items(1, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

Value run_regex_replace(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  std::string_view replacement = ctx.str_arg("replacement");
  auto re = compile(ctx, ctx.str_arg("pattern"));
  std::string out;
  std::size_t copied = 0;
  each_match(ctx, *re, s, [&](const RegexMatch& match) {
    auto start = static_cast<std::size_t>(match.groups[0].data() - s.data());
    out.append(s.substr(copied, start - copied));
    append_replacement(out, replacement, match, s);
    copied = start + match.groups[0].size();
  });
  out.append(s.substr(copied));
  return Value::string(out);
}

Value run_regex_match(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  auto re = compile(ctx, ctx.str_arg("pattern"));
  return Value::boolean(matches_anywhere(*re, s));
}

ConstantCheck pattern_check(std::string stage_name) {
  return constant_checks(std::move(stage_name), {{"pattern", check_pattern}});
}

}  // namespace

void register_text(StageRegistry& registry) {
  Param s = required("s", Type::string(), "the text");
  Param pattern = required("pattern", Type::string(), "regular expression (RE2 syntax)");
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
      {s, pattern,
       required("replacement", Type::string(), "replacement; $1, $&, $`, $' and $$ expand")},
      Type::string(), Purity::Pure, "replace every match ($1 refers to the first group)",
      run_regex_replace, pattern_check("text.regex_replace")));
  registry.add(make_stage("text.regex_match", {s, pattern}, Type::boolean(), Purity::Pure,
                          "whether the pattern matches anywhere in the text", run_regex_match,
                          pattern_check("text.regex_match")));
  register_text_split(registry);
  register_text_sentiment(registry);
}

}  // namespace plumb::stdlib
