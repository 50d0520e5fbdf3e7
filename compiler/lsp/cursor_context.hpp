// Where the cursor is, read from the text alone: in a comment or a string, the word being
// typed (`io.re`, `@ret`), and the innermost call whose parentheses are open around it with
// the argument the cursor is in. Text, because a half-typed line does not parse: completion
// and signature help work from this and what the last check that parsed knew.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace plumb::lsp {

struct CursorContext {
  bool in_comment = false;
  bool in_string = false;        // in a string's text (not in a `${...}` inside it)
  std::string word;              // the name being typed, dots included: `io.re`, `r.na`, ``
  std::uint32_t word_start = 0;  // its byte offset
  bool after_at = false;         // the word follows `@`: an attribute name
  // The innermost open call: its callee (`io.read_text`, `clean`), the argument index the
  // cursor is in, the keyword of that argument if written `kw: ...` before the cursor, the
  // keywords of the arguments before it, and whether a keyword could still be typed there.
  std::string callee;
  std::uint32_t argument = 0;
  std::string keyword;
  std::vector<std::string> keywords_given;
  bool argument_start = false;
};

CursorContext cursor_context(std::string_view text, std::uint32_t offset);

}  // namespace plumb::lsp
