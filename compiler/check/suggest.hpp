// "Did you mean ...?" suggestions: the closest candidate by edit distance (with transposed
// letters counting as one edit), when it is close enough to be a plausible typo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plumb::check {

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// "; did you mean `x`?" or "" when there is no good candidate.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace plumb::check
