// Runs the PEGTL grammar over a source file and returns the parse tree, reduced by a selector
// to the nodes the AST builder needs. A syntax error becomes one diagnostic.
#pragma once

#include <memory>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "compiler/diag/diagnostics.hpp"

namespace plumb::parse {

using ParseNode = tao::pegtl::parse_tree::node;

// Returns nullptr after reporting the first syntax error.
std::unique_ptr<ParseNode> build_parse_tree(const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace plumb::parse
