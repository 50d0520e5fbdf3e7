// The comments of a .pipe file, which the parser skips as whitespace: `plumb fmt` finds them
// again with a small scanner that knows strings (with `${...}` interpolation, which may hold
// strings and comments of its own), so that a `#` inside a string is not taken for a comment.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace plumb::format {

struct Comment {
  std::uint32_t offset = 0;  // of the `#`
  std::uint32_t line = 0;    // 1-based
  std::string_view text;     // from `#` to the end of the line, trailing blanks removed
  bool after_code = false;   // code precedes it on its line (an end-of-line comment)
};

// Every comment of `text`, in source order. `text` is a file that parsed.
std::vector<Comment> find_comments(std::string_view text);

// The offset of the `}` that closes the interpolation whose body starts at `offset` (just
// after its `${`), or text.size() when the interpolation is not closed.
std::uint32_t interpolation_end(std::string_view text, std::uint32_t offset);

}  // namespace plumb::format
