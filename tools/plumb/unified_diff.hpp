// A unified diff of two texts, line by line (Myers' O((N+M)D) algorithm), as `diff -u` and
// `git diff` write it, with three lines of context: `plumb fmt --diff`.
#pragma once

#include <string>
#include <string_view>

namespace plumb::cli {

// Empty when the texts are equal; otherwise `--- old_name`, `+++ new_name` and the hunks.
std::string unified_diff(std::string_view old_text, std::string_view new_text,
                         const std::string& old_name, const std::string& new_name);

}  // namespace plumb::cli
