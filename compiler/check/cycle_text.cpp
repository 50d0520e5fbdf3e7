// cycle_text: all steps of a short cycle, the ends of a long one.
#include "compiler/check/cycle_text.hpp"

namespace plumb::check {

namespace {
// Steps shown at each end of a cycle longer than twice this.
constexpr std::size_t kShownAtEachEnd = 5;
}  // namespace

std::string cycle_text(const std::vector<std::string>& steps) {
  std::string text;
  const bool shorten = steps.size() > 2 * kShownAtEachEnd + 1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (shorten && i == kShownAtEachEnd) {
      std::size_t left_out = steps.size() - 2 * kShownAtEachEnd;
      text += " -> ... (" + std::to_string(left_out) + " more)";
      i = steps.size() - kShownAtEachEnd - 1;
      continue;
    }
    if (i > 0) text += " -> ";
    text += steps[i];
  }
  return text;
}

}  // namespace plumb::check
