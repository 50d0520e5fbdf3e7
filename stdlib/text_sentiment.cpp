// text.sentiment: a lexicon- and rule-based sentiment score in [-1, 1], following the VADER
// method (Hutto & Gilbert, ICWSM 2014) as the paper describes it; see docs/stdlib-sentiment.md.
// Each word found in the lexicon contributes its valence (-4..4), adjusted by:
// - intensifiers and dampeners among the 3 words before it ("very good", "slightly bad"),
//   weaker with distance;
// - ALL-CAPS emphasis when the text also has words that are not all caps;
// - negation: each negation word ("not", "never", "isn't", ...) among the 3 words before it
//   multiplies the valence by -0.74; "least" before it does too ("least helpful");
// - "but": valences before it count half, those after it one and a half times.
// The sum gets up to 3 exclamation marks (+0.292 each) and repeated question marks in its
// direction, and is normalised with x / sqrt(x^2 + 15).
#include "stdlib/sentiment_lexicon.hpp"
#include "stdlib/signature.hpp"
#include "stdlib/stdlib.hpp"
#include "stdlib/text_support.hpp"

#include "base/value/unicode.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace plumb::stdlib {

namespace {

constexpr double kBoost = 0.293;        // an intensifier's effect on a valence
constexpr double kCapsBoost = 0.733;    // ALL-CAPS emphasis
constexpr double kNegation = -0.74;     // a negated valence is scaled by this
constexpr double kExclamation = 0.292;  // per '!', at most kMaxExclamations of them
constexpr int kMaxExclamations = 3;
constexpr double kQuestion = 0.18;       // per '?' when there are 2 or 3
constexpr double kManyQuestions = 0.96;  // 4 or more '?'
constexpr double kAlpha = 15;            // normalisation: x / sqrt(x^2 + alpha)

const std::unordered_map<std::string_view, float>& lexicon() {
  static const std::unordered_map<std::string_view, float> table = [] {
    std::unordered_map<std::string_view, float> map;
    map.reserve(kSentimentLexiconSize);
    for (std::size_t i = 0; i < kSentimentLexiconSize; ++i) {
      map.emplace(kSentimentLexicon[i].word, kSentimentLexicon[i].valence);
    }
    return map;
  }();
  return table;
}

// Intensifiers (+1) and dampeners (-1).
const std::unordered_map<std::string_view, int>& boosters() {
  static const std::unordered_map<std::string_view, int> table = {
      {"absolutely", 1},    {"amazingly", 1},    {"awfully", 1},       {"completely", 1},
      {"considerably", 1},  {"decidedly", 1},    {"deeply", 1},        {"enormously", 1},
      {"entirely", 1},      {"especially", 1},   {"exceptionally", 1}, {"extremely", 1},
      {"fabulously", 1},    {"fully", 1},        {"greatly", 1},       {"highly", 1},
      {"hugely", 1},        {"incredibly", 1},   {"intensely", 1},     {"majorly", 1},
      {"more", 1},          {"most", 1},         {"particularly", 1},  {"purely", 1},
      {"quite", 1},         {"really", 1},       {"remarkably", 1},    {"so", 1},
      {"substantially", 1}, {"thoroughly", 1},   {"totally", 1},       {"tremendously", 1},
      {"truly", 1},         {"unbelievably", 1}, {"unusually", 1},     {"utterly", 1},
      {"very", 1},          {"super", 1},        {"insanely", 1},      {"seriously", 1},
      {"almost", -1},       {"barely", -1},      {"hardly", -1},       {"kinda", -1},
      {"less", -1},         {"little", -1},      {"marginally", -1},   {"occasionally", -1},
      {"partly", -1},       {"scarcely", -1},    {"slightly", -1},     {"somewhat", -1},
      {"sorta", -1},        {"fairly", -1},      {"mildly", -1},       {"rather", -1}};
  return table;
}

bool is_negation(std::string_view word) {
  static const std::unordered_set<std::string_view> words = {
      "not",     "no",       "never",   "none",   "nobody", "nothing", "neither", "nor",
      "nowhere", "cannot",   "without", "rarely", "seldom", "despite", "aint",    "cant",
      "dont",    "doesnt",   "didnt",   "isnt",   "arent",  "wasnt",   "werent",  "wont",
      "wouldnt", "shouldnt", "couldnt", "hasnt",  "havent", "hadnt",   "mustnt",  "neednt"};
  return words.count(word) != 0 || (word.size() > 3 && word.substr(word.size() - 3) == "n't");
}

struct Token {
  std::string lower;
  bool all_caps = false;
};

bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Splits at white space; strips surrounding punctuation from a token unless that leaves two
// characters or fewer (so emoticons such as ":)" and ":-(" survive).
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t start = pos;
    while (start < text.size()) {
      unicode::Decoded d = unicode::decode(text, start);
      if (!d.valid || !unicode::is_space(d.code_point)) break;
      start += d.length;
    }
    std::size_t end = start;
    while (end < text.size()) {
      unicode::Decoded d = unicode::decode(text, end);
      if (d.valid && unicode::is_space(d.code_point)) break;
      end += d.length;
    }
    pos = end;
    if (start == end) continue;
    std::string_view raw = text.substr(start, end - start);
    std::string_view word = raw;
    while (!word.empty() && is_ascii_punct(word.front()))
      word.remove_prefix(1);
    while (!word.empty() && is_ascii_punct(word.back()))
      word.remove_suffix(1);
    if (unicode::code_point_count(word) <= 2) word = raw;
    Token token;
    token.lower = unicode::lower(word);
    for (std::size_t at; (at = token.lower.find("\u2019")) != std::string::npos;) {
      token.lower.replace(at, 3, "'");
    }
    token.all_caps = token.lower != word && unicode::upper(word) == word;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// How an intensifier before a word changes its valence.
double booster_effect(const Token& word, double valence, bool caps_differ) {
  auto it = boosters().find(word.lower);
  if (it == boosters().end()) return 0;
  double effect = it->second * kBoost;
  if (valence < 0) effect = -effect;
  if (word.all_caps && caps_differ) effect += valence > 0 ? kCapsBoost : -kCapsBoost;
  return effect;
}

// The score of `text`, in [-1, 1].
double sentiment_score(std::string_view text) {
  std::vector<Token> tokens = tokenize(text);
  const std::size_t n = tokens.size();
  std::size_t caps = 0;
  for (const Token& t : tokens)
    caps += t.all_caps ? 1 : 0;
  const bool caps_differ = caps > 0 && caps < n;
  const auto& words = lexicon();
  auto in_lexicon = [&](const Token& t) { return words.count(t.lower) != 0; };

  std::vector<double> valences(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    auto found = words.find(t.lower);
    if (found == words.end() || boosters().count(t.lower) != 0) continue;
    // "kind of" is a dampener, "no" before a sentiment word is a negation.
    if (t.lower == "kind" && i + 1 < n && tokens[i + 1].lower == "of") continue;
    if (t.lower == "no" && i + 1 < n && in_lexicon(tokens[i + 1])) continue;
    double valence = found->second;
    if (t.all_caps && caps_differ) valence += valence > 0 ? kCapsBoost : -kCapsBoost;
    for (std::size_t distance = 1; distance <= 3 && distance <= i; ++distance) {
      const Token& before = tokens[i - distance];
      if (!in_lexicon(before)) {
        double effect = booster_effect(before, valence, caps_differ);
        valence += effect * (distance == 1 ? 1.0 : distance == 2 ? 0.95 : 0.9);
      }
      if (is_negation(before.lower)) valence *= kNegation;
    }
    if (i >= 1 && tokens[i - 1].lower == "least" &&
        !(i >= 2 && (tokens[i - 2].lower == "at" || tokens[i - 2].lower == "very"))) {
      valence *= kNegation;
    }
    valences[i] = valence;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (tokens[i].lower != "but") continue;
    for (std::size_t j = 0; j < n; ++j)
      valences[j] *= j < i ? 0.5 : j > i ? 1.5 : 1.0;
    break;
  }
  double sum = 0;
  for (double v : valences)
    sum += v;
  if (sum == 0) return 0;
  auto exclamations =
      std::min<std::ptrdiff_t>(std::count(text.begin(), text.end(), '!'), kMaxExclamations);
  auto questions = std::count(text.begin(), text.end(), '?');
  double emphasis = static_cast<double>(exclamations) * kExclamation;
  if (questions > 1)
    emphasis += questions <= 3 ? static_cast<double>(questions) * kQuestion : kManyQuestions;
  sum += sum > 0 ? emphasis : -emphasis;
  return std::clamp(sum / std::sqrt(sum * sum + kAlpha), -1.0, 1.0);
}

Value run_sentiment(StageContext& ctx) {
  return Value::number(sentiment_score(ctx.str_arg("s")));
}

}  // namespace

void register_text_sentiment(StageRegistry& registry) {
  registry.add(make_stage(
      "text.sentiment", {required("s", Type::string(), "the text")}, Type::number(), Purity::Pure,
      "sentiment from -1 (negative) to 1 (positive): VADER lexicon with negation, intensifiers, "
      "caps and punctuation",
      run_sentiment));
}

}  // namespace plumb::stdlib
