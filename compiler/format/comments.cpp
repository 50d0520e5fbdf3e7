// The comment scanner: code, strings and interpolations as a small state machine, with the
// nesting of `${...}` bounded by the parser's (the file parsed before it is scanned).
#include "compiler/format/comments.hpp"

namespace plumb::format {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, std::vector<Comment>* comments)
      : text_(text), comments_(comments) {}

  // Scans code from `pos` until an unmatched `}` (returned) or the end of the text.
  std::uint32_t code(std::uint32_t pos) {
    int braces = 0;
    while (pos < text_.size()) {
      char c = text_[pos];
      if (c == '"') {
        pos = string(pos + 1);
        continue;
      }
      if (c == '#') {
        pos = comment(pos);
        continue;
      }
      if (c == '\n') {
        ++line_;
        line_has_code_ = false;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        line_has_code_ = true;
      }
      if (c == '{') ++braces;
      if (c == '}' && braces-- == 0) return pos;
      ++pos;
    }
    return pos;
  }

 private:
  // Scans a string body from `pos` (after its opening quote); returns the offset after it.
  std::uint32_t string(std::uint32_t pos) {
    line_has_code_ = true;
    while (pos < text_.size()) {
      char c = text_[pos];
      if (c == '\\') {
        pos += 2;
      } else if (c == '"') {
        return pos + 1;
      } else if (c == '$' && pos + 1 < text_.size() && text_[pos + 1] == '{') {
        pos = code(pos + 2) + 1;
      } else {
        if (c == '\n') ++line_;
        ++pos;
      }
    }
    return pos;
  }

  std::uint32_t comment(std::uint32_t pos) {
    std::uint32_t end = pos;
    while (end < text_.size() && text_[end] != '\n')
      ++end;
    std::uint32_t last = end;
    while (last > pos &&
           (text_[last - 1] == ' ' || text_[last - 1] == '\t' || text_[last - 1] == '\r'))
      --last;
    if (comments_) {
      comments_->push_back({pos, line_, text_.substr(pos, last - pos), line_has_code_});
    }
    return end;
  }

  std::string_view text_;
  std::vector<Comment>* comments_;
  std::uint32_t line_ = 1;
  bool line_has_code_ = false;
};

}  // namespace

std::vector<Comment> find_comments(std::string_view text) {
  std::vector<Comment> comments;
  Scanner scanner(text, &comments);
  auto pos = scanner.code(0);
  // A stray `}` at the top level cannot occur in a file that parsed; scan on past one anyway.
  while (pos < text.size())
    pos = scanner.code(pos + 1);
  return comments;
}

std::uint32_t interpolation_end(std::string_view text, std::uint32_t offset) {
  return Scanner(text, nullptr).code(offset);
}

}  // namespace plumb::format
