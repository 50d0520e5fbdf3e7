// The kinds of parse-tree node the AST builder distinguishes, one per line of node_kinds.def.
// `kind_of` maps a node to its kind with one hash lookup on its rule name (the demangled type
// name PEGTL records).
#pragma once

#include "compiler/parse/parse_tree.hpp"

namespace plumb::parse {

enum class NodeKind {
  Other,  // the root (`file`) and any rule node_kinds.def does not list
#define PLUMB_PARSE_NODE(rule) rule,
#define PLUMB_PARSE_FOLD(rule) rule,
#include "compiler/parse/node_kinds.def"
#undef PLUMB_PARSE_NODE
#undef PLUMB_PARSE_FOLD
};

NodeKind kind_of(const ParseNode& node);

}  // namespace plumb::parse
