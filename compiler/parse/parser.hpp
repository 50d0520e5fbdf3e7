// The parser's entry point: source text → AST, with every problem reported as a diagnostic.
#pragma once

#include <memory>

#include "compiler/ast/ast.hpp"
#include "compiler/diag/diagnostics.hpp"

namespace plumb::parse {

// Returns nullptr when the file is not UTF-8 or has a syntax error (one diagnostic is
// reported); otherwise an AST, possibly alongside diagnostics for malformed literals.
std::unique_ptr<ast::File> parse_file(const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace plumb::parse
