// A stable, readable dump of the AST for `plumb ir FILE --emit ast` and lit tests: one node
// per line, indented by depth, with the node's line:column.
#pragma once

#include <iosfwd>

#include "compiler/ast/ast.hpp"

namespace plumb::ast {

void print(std::ostream& out, const File& file);

}  // namespace plumb::ast
