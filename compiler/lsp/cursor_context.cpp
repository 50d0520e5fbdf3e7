// The cursor's context (cursor_context.hpp): one forward scan from the start of the text to
// the cursor, keeping a stack of open brackets and string interpolations.
#include "compiler/lsp/cursor_context.hpp"

#include <algorithm>

namespace plumb::lsp {

namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

struct Open {
  char bracket;        // `(`, `[`, `{`, or `$` for a `${` inside a string
  std::string callee;  // for `(`: the dotted name just before it, if any
  std::uint32_t argument = 0;
  std::string keyword;
  std::vector<std::string> keywords_given;
  std::uint32_t argument_begin = 0;  // where the current argument starts
};

// The dotted name that ends just before `end` (blanks skipped), or "".
std::string name_before(std::string_view text, std::uint32_t end) {
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  std::uint32_t begin = end;
  while (begin > 0 && (word_char(text[begin - 1]) || text[begin - 1] == '.'))
    --begin;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace

CursorContext cursor_context(std::string_view text, std::uint32_t offset) {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
  std::vector<Open> stack;
  bool in_string = false;
  bool in_comment = false;
  for (std::uint32_t i = 0; i < offset; ++i) {
    char c = text[i];
    if (in_comment) {
      if (c == '\n') in_comment = false;
      continue;
    }
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      } else if (c == '$' && i + 1 < offset && text[i + 1] == '{') {
        stack.push_back(Open{'$', {}, 0, {}, {}, i + 2});
        in_string = false;
        ++i;
      }
      continue;
    }
    switch (c) {
      case '#':
        in_comment = true;
        break;
      case '"':
        in_string = true;
        break;
      case '(':
        stack.push_back(Open{'(', name_before(text, i), 0, {}, {}, i + 1});
        break;
      case '[':
      case '{':
        stack.push_back(Open{c, {}, 0, {}, {}, i + 1});
        break;
      case ')':
      case ']':
        if (!stack.empty() && stack.back().bracket != '$') stack.pop_back();
        break;
      case '}':
        if (!stack.empty()) {
          in_string = stack.back().bracket == '$';
          stack.pop_back();
        }
        break;
      case ',':
        if (!stack.empty() && stack.back().bracket == '(') {
          Open& call = stack.back();
          if (!call.keyword.empty()) call.keywords_given.push_back(call.keyword);
          call.keyword.clear();
          call.argument += 1;
          call.argument_begin = i + 1;
        }
        break;
      case ':':
        if (!stack.empty() && stack.back().bracket == '(' && stack.back().keyword.empty()) {
          Open& call = stack.back();
          std::string before = name_before(text, i);
          std::string_view between = text.substr(call.argument_begin, i - call.argument_begin);
          auto blank = [](char b) { return b == ' ' || b == '\t' || b == '\n' || b == '\r'; };
          std::string_view trimmed = between;
          while (!trimmed.empty() && blank(trimmed.front()))
            trimmed.remove_prefix(1);
          while (!trimmed.empty() && blank(trimmed.back()))
            trimmed.remove_suffix(1);
          if (!before.empty() && trimmed == before) call.keyword = before;
        }
        break;
      default:
        break;
    }
  }
  CursorContext context;
  context.in_comment = in_comment;
  context.in_string = in_string;
  std::uint32_t begin = offset;
  while (begin > 0 && (word_char(text[begin - 1]) || text[begin - 1] == '.'))
    --begin;
  context.word = std::string(text.substr(begin, offset - begin));
  context.word_start = begin;
  context.after_at = begin > 0 && text[begin - 1] == '@';
  // In a list or record inside a call's parentheses, the cursor is in no call's argument list.
  if (!stack.empty() && stack.back().bracket == '(') {
    const Open* it = &stack.back();
    context.callee = it->callee;
    context.argument = it->argument;
    context.keyword = it->keyword;
    context.keywords_given = it->keywords_given;
    std::string_view typed = text.substr(it->argument_begin, begin - it->argument_begin);
    context.argument_start =
        it->keyword.empty() && std::all_of(typed.begin(), typed.end(), [](char b) {
          return b == ' ' || b == '\t' || b == '\n' || b == '\r';
        });
  }
  return context;
}

}  // namespace plumb::lsp
