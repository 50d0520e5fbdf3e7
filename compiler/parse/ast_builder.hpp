// Converts the parse tree into the owned AST, decoding literals (numbers, durations, string
// escapes) and reporting the mistakes the grammar cannot see: out-of-range numbers, chained
// comparisons, repeated record keys or parameters, unknown type names, and nesting so deep
// that later recursive passes could exhaust the stack. Expressions are built in
// ast_builder_expr.cpp, statements and declarations in ast_builder.cpp.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/parse/parse_tree.hpp"

namespace plumb::parse {

// Largest height of the AST (expressions and statements together).
inline constexpr std::uint32_t kMaxAstHeight = 1000;

class AstBuilder {
 public:
  AstBuilder(const diag::SourceFile& file, diag::Diagnostics& diags) : file_(file), diags_(diags) {}

  std::unique_ptr<ast::File> build(const ParseNode& root);

 private:
  // Locations.
  ast::Loc loc(const ParseNode& node) const;
  ast::Loc span(ast::Loc first, ast::Loc last) const;
  ast::Loc keyword_loc(const ParseNode& node, std::uint32_t length) const;
  void report(diag::Kind kind, ast::Loc where, std::string message);

  // Heights: `finish` sets a node's height from its children's and replaces a node that is
  // too deep by an invalid expression (reported once).
  ast::ExprPtr finish(ast::ExprPtr node, std::initializer_list<std::uint32_t> child_heights);
  ast::ExprPtr invalid(ast::Loc where);

  // Expressions.
  ast::ExprPtr expr(const ParseNode& node);
  ast::ExprPtr list_literal(const ParseNode& node);
  ast::ExprPtr record_literal(const ParseNode& node);
  ast::ExprPtr string_literal(const ParseNode& node);
  ast::ExprPtr number(const ParseNode& node, bool negated);
  ast::ExprPtr postfix(const ParseNode& node);
  ast::ExprPtr call(ast::ExprPtr callee, const ParseNode& args, ast::Loc full);
  ast::ExprPtr prefix(const ParseNode& node, ops::Unary op);
  ast::ExprPtr binary_chain(const ParseNode& node);
  ast::ExprPtr comparison(const ParseNode& node);
  ast::ExprPtr ternary(const ParseNode& node);
  ast::ExprPtr iteration(const ParseNode& node, ast::ExprKind kind);
  std::vector<ast::Arg> arguments(const ParseNode& call_args);
  ast::Arg argument(const ParseNode& node);
  // The text of a string literal without interpolation (keys, import paths), or nullopt
  // after reporting why it is not one.
  std::optional<std::string> plain_string(const ParseNode& node, const char* what);

  // Statements and declarations.
  ast::Block block(const ParseNode& node);
  ast::StmtPtr statement(const ParseNode& node);
  ast::StmtPtr statement_body(const ParseNode& node);
  ast::StmtPtr if_statement(const ParseNode& node);
  std::optional<ast::TypeAnnotation> type_annotation(const ParseNode& node);
  std::optional<Type> type(const ParseNode& node);
  std::unique_ptr<ast::Pipeline> pipeline(const ParseNode& node);

  const diag::SourceFile& file_;
  diag::Diagnostics& diags_;
  bool reported_depth_ = false;
};

std::uint32_t height_of(const std::vector<ast::Arg>& args);

}  // namespace plumb::parse
