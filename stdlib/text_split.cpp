// text.split: chunks text for retrieval (RAG) ingestion. The text is cut into words (runs of
// non-white-space) and every gap between two words gets a strength: 3 for a paragraph break
// (a blank line), 2 for a sentence end (a word ending in . ! or ?, possibly followed by
// closing quotes or brackets) or a line break, 1 for other white space. A chunk takes as many
// words as fit in `max_chars` code points and then ends at the strongest gap inside that
// window (the last one of that strength), so chunks end at paragraphs, then sentences, then
// words. A chunk is the original text from its first word to its last (inner white space kept,
// so it is trimmed). A single word longer than `max_chars` becomes a chunk of its own, unsplit.
// With `overlap`, the next chunk starts with the last words of the previous one that together
// span at most `overlap` code points.
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/text_support.hpp"

#include "base/value/unicode.hpp"

#include <algorithm>

namespace plumb::stdlib {

namespace {

struct Word {
  std::size_t begin;  // byte offsets in the text
  std::size_t end;
  std::size_t cp_begin;  // code point offsets in the text
  std::size_t cp_end;
  int gap_before;  // strength of the gap before this word (0 for the first)
};

bool ends_sentence(std::string_view word) {
  static constexpr std::string_view kClosers = "\"')]}";
  while (!word.empty()) {
    std::size_t start = unicode::previous_unit(word, word.size());
    std::string_view last = word.substr(start);
    if (last == "." || last == "!" || last == "?") return true;
    bool closer = (last.size() == 1 && kClosers.find(last[0]) != std::string_view::npos) ||
                  last == "\u2019" || last == "\u201d" || last == "\u00bb";
    if (!closer) return false;
    word = word.substr(0, start);
  }
  return false;
}

std::vector<Word> split_into_words(std::string_view text) {
  std::vector<Word> words;
  std::size_t pos = 0;
  std::size_t cp = 0;
  int newlines = 0;  // in the current gap
  bool in_word = false;
  while (pos < text.size()) {
    unicode::Decoded d = unicode::decode(text, pos);
    bool space = d.valid && unicode::is_space(d.code_point);
    if (space) {
      if (in_word) {
        words.back().end = pos;
        words.back().cp_end = cp;
        in_word = false;
        newlines = 0;
      }
      if (d.code_point == U'\n') ++newlines;
    } else if (!in_word) {
      int gap = 0;
      if (!words.empty()) {
        std::string_view previous =
            text.substr(words.back().begin, words.back().end - words.back().begin);
        gap = newlines >= 2 ? 3 : (newlines == 1 || ends_sentence(previous)) ? 2 : 1;
      }
      words.push_back(Word{pos, pos, cp, cp, gap});
      in_word = true;
    }
    pos += d.length;
    ++cp;
  }
  if (in_word) {
    words.back().end = pos;
    words.back().cp_end = cp;
  }
  return words;
}

std::vector<std::string_view> chunk(std::string_view text, std::size_t max_chars,
                                    std::size_t overlap) {
  std::vector<Word> words = split_into_words(text);
  std::vector<std::string_view> chunks;
  const std::size_t n = words.size();
  auto span = [&](std::size_t first, std::size_t last) {  // code points of words[first..last]
    return words[last].cp_end - words[first].cp_begin;
  };
  std::size_t i = 0;
  std::size_t min_end = 1;  // a chunk takes at least one word the previous one did not
  while (i < n) {
    // Words [i, j) fit; at least one word is taken even when it alone is too long.
    std::size_t j = std::max(i + 1, min_end);
    while (j < n && span(i, j) <= max_chars)
      ++j;
    std::size_t end = j;
    if (j < n) {
      int best = words[j].gap_before;
      for (std::size_t cand = j - 1; cand >= min_end && cand > i; --cand) {
        if (words[cand].gap_before > best) {
          best = words[cand].gap_before;
          end = cand;
        }
      }
    }
    chunks.push_back(text.substr(words[i].begin, words[end - 1].end - words[i].begin));
    if (end == n) break;
    min_end = end + 1;
    std::size_t next = end;
    while (overlap > 0 && next - 1 > i && span(next - 1, end - 1) <= overlap)
      --next;
    while (next < end && span(next, end) > max_chars)
      ++next;
    i = next;
  }
  return chunks;
}

void check_max_chars(const StageContext& ctx, const Value& max_chars) {
  if (max_chars.is_int() && max_chars.as_int() < 1) {
    ctx.fail("argument `max_chars` must be at least 1, not " + std::to_string(max_chars.as_int()));
  }
}

void check_overlap(const StageContext& ctx, const Value& overlap) {
  if (overlap.is_int() && overlap.as_int() < 0) {
    ctx.fail("argument `overlap` must be >= 0, not " + std::to_string(overlap.as_int()));
  }
}

Value run_split(StageContext& ctx) {
  std::string_view s = ctx.str_arg("s");
  std::int64_t max_chars = ctx.int_arg("max_chars");
  std::int64_t overlap = ctx.int_arg("overlap");
  check_max_chars(ctx, ctx.arg("max_chars"));
  check_overlap(ctx, ctx.arg("overlap"));
  if (overlap >= max_chars) {
    ctx.fail("argument `overlap` (" + std::to_string(overlap) +
             ") must be less than `max_chars` (" + std::to_string(max_chars) + ")");
  }
  std::vector<Value> out;
  for (std::string_view c :
       chunk(s, static_cast<std::size_t>(max_chars), static_cast<std::size_t>(overlap))) {
    out.push_back(Value::string(c));
  }
  ctx.items(1, static_cast<std::int64_t>(out.size()));
  return Value::list(std::move(out));
}

}  // namespace

void register_text_split(StageRegistry& registry) {
  registry.add(make_stage(
      "text.split",
      {required("s", Type::string(), "the text"),
       optional("max_chars", Type::integer(), Value::integer(1000), "most code points in a chunk"),
       optional("overlap", Type::integer(), Value::integer(0),
                "code points of trailing words repeated at the start of the next chunk")},
      Type::list(Type::string()), Purity::Pure,
      "chunks of at most max_chars code points, cut at paragraphs, then sentences, then words; "
      "a longer single word is a chunk of its own",
      run_split,
      constant_checks("text.split", {{"max_chars", check_max_chars}, {"overlap", check_overlap}})));
}

}  // namespace plumb::stdlib
