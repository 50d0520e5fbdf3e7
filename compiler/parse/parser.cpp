// parse_file: UTF-8 validation, then the parse tree, then the AST.
#include "compiler/parse/parser.hpp"

#include "compiler/parse/ast_builder.hpp"
#include "compiler/parse/parse_tree.hpp"

namespace plumb::parse {

std::unique_ptr<ast::File> parse_file(const diag::SourceFile& file, diag::Diagnostics& diags) {
  if (auto bad = file.invalid_utf8_offset()) {
    diags.report(diag::Kind::InvalidUtf8, file.loc(*bad, 1),
                 "invalid UTF-8 byte sequence; source files must be UTF-8");
    return nullptr;
  }
  auto tree = build_parse_tree(file, diags);
  if (!tree) return nullptr;
  return AstBuilder(file, diags).build(*tree);
}

}  // namespace plumb::parse
