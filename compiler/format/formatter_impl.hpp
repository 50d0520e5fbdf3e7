// The formatter's state, shared by format_expr.cpp (expressions), format_layout.cpp (the
// broken layouts) and format_stmt.cpp (statements, blocks, pipelines, the file, comments). Every
// layout function returns text; `indent` is the indentation of the line being written, `column`
// where the text starts on it and `suffix` how many columns must stay free after it. Comments are
// placed in source order: `pending_` is the first comment not written yet, and each flush writes
// those before a position.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/format/comments.hpp"
#include "compiler/format/format.hpp"

namespace plumb::format {

// One item of a bracketed list (an argument, a list item, a record entry, a parameter).
struct Element {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::function<std::optional<std::string>()> flat;
  std::function<std::string(int indent, std::size_t column, std::size_t suffix)> layout;
};

class Formatter {
 public:
  Formatter(const diag::SourceFile& file, std::vector<Comment> comments)
      : file_(file), text_(file.text()), comments_(std::move(comments)) {}

  std::string file(const ast::File& f);

 private:
  // Expressions (format_expr.cpp, format_layout.cpp).
  std::optional<std::string> flat(const ast::Expr& e);
  std::string layout(const ast::Expr& e, int indent, std::size_t column, std::size_t suffix);
  std::string operand(const ast::Expr& e, bool parens, int indent, std::size_t column,
                      std::size_t suffix);
  std::optional<std::string> flat_operand(const ast::Expr& e, bool parens);
  std::string broken(const ast::Expr& e, int indent, std::size_t column, std::size_t suffix);
  std::string chain(const ast::Expr& e, int indent, std::size_t column, std::size_t suffix);
  std::string call(const ast::CallExpr& c, int indent, std::size_t column, std::size_t suffix);
  std::optional<std::string> iteration(const ast::IterExpr& it, int indent, std::size_t column,
                                       bool flat_only);
  std::optional<std::string> string_literal(const ast::StrLit& s, int indent, bool flat_only);
  std::string number_text(const ast::Expr& e) const;
  std::uint32_t end_of(const ast::Expr& e) const;
  std::vector<Element> arguments(const std::vector<ast::Arg>& args);
  Element element(const ast::Arg& a);
  // `key` (`name: `, `name = ` or nothing) then the value.
  Element keyed(std::uint32_t start, std::string key, const ast::Expr& value);
  std::optional<std::string> flat_list(const std::vector<Element>& elements);
  // One element a line; `from` is where the opening bracket is looked for (it or the blanks
  // and comments before it), `close_offset` the closing bracket's offset.
  std::string bracketed(char open, std::uint32_t from, std::vector<Element> elements, char close,
                        std::uint32_t close_offset, int indent);

  // Statements and declarations (format_stmt.cpp).
  std::string block(const ast::Block& b, int indent);
  std::string statement(const ast::Stmt& s, int indent);
  std::optional<std::string> flat_statement(const ast::Stmt& s);
  std::string pipeline(const ast::Pipeline& p);
  std::uint32_t start_of(const ast::Stmt& s) const;
  std::uint32_t end_of(const ast::Stmt& s) const;
  std::string attribute(const ast::Attribute& a, int indent);
  std::string compact(const ast::Loc& loc) const;

  // Comments.
  bool has_comment(std::uint32_t begin, std::uint32_t end) const;
  std::string own_line_comments(std::uint32_t limit, int indent, bool& first);
  std::string trailing_comment(std::uint32_t end, std::uint32_t limit);
  bool blank_before(std::uint32_t offset) const;

  const diag::SourceFile& file_;
  std::string_view text_;
  std::vector<Comment> comments_;
  std::size_t pending_ = 0;
};

// Binding strength, loosest first (docs/language.md §6); an operand binding more loosely than
// its place allows is parenthesized.
enum Precedence : int {
  kTernary = 1,
  kOr,
  kAnd,
  kNot,
  kCompare,
  kAdd,
  kMul,
  kPrefix,
  kPostfix,
  kPrimary
};
int precedence(ops::Binary op);
// A negative number literal binds like a prefix `-`.
int precedence(const ast::Expr& e, std::string_view text);
// Whether the left operand of an operator of precedence `level` needs parentheses
// (comparisons do not chain).
bool left_needs_parens(const ast::Expr& lhs, int level, std::string_view text);

std::string spaces(int indent);
std::size_t width(std::string_view text);
bool fits(std::size_t column, std::string_view text, std::size_t suffix);

}  // namespace plumb::format
