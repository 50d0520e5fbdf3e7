// Text helpers shared between the text.* stages and embed.hash, and the registration of the
// stages defined outside text.cpp.
#pragma once

#include <plumb/stage.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace plumb::stdlib {

// text.words: the lower-cased words of `text`. A word is a run of Unicode letters and digits;
// an apostrophe (' or U+2019, written as ') between two word characters stays inside it
// ("don't").
std::vector<std::string> split_words(std::string_view text);

// text.split (text_split.cpp) and text.sentiment (text_sentiment.cpp).
void register_text_split(StageRegistry& registry);
void register_text_sentiment(StageRegistry& registry);

}  // namespace plumb::stdlib
