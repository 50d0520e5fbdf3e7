// The sentiment lexicon compiled into the library: the VADER lexicon (stdlib/data/
// vader_lexicon.txt, MIT licence, see stdlib/data/VADER_LICENSE.txt), turned into a C++ array
// at build time by stdlib/data/embed_lexicon.py.
#pragma once

#include <cstddef>
#include <string_view>

namespace plumb::stdlib {

struct LexiconEntry {
  std::string_view word;  // lower-case word or emoticon
  float valence;          // mean human rating, -4 (most negative) to +4 (most positive)
};

extern const LexiconEntry kSentimentLexicon[];
extern const std::size_t kSentimentLexiconSize;

}  // namespace plumb::stdlib
