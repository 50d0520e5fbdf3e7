// The text of a cycle in a message (`a -> b -> a`), for recursive pipelines and import cycles.
// A long cycle keeps its first and last steps around a count of the ones left out, so that a
// cycle through thousands of files stays a readable line.
#pragma once

#include <string>
#include <vector>

namespace plumb::check {

// `steps` runs from the first member of the cycle to the one that closes it (the first again).
std::string cycle_text(const std::vector<std::string>& steps);

}  // namespace plumb::check
