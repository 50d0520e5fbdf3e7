// The rule-name → node-kind table behind kind_of, built from node_kinds.def.
#include "compiler/parse/node_kind.hpp"

#include <unordered_map>

#include "compiler/parse/grammar.hpp"

namespace plumb::parse {
namespace {

namespace g = grammar;

template <typename Rule>
std::pair<std::string_view, NodeKind> entry(NodeKind kind) {
  return {tao::pegtl::demangle<Rule>(), kind};
}

}  // namespace

NodeKind kind_of(const ParseNode& node) {
  static const std::unordered_map<std::string_view, NodeKind> table = {
#define PLUMB_PARSE_NODE(rule) entry<g::rule>(NodeKind::rule),
#define PLUMB_PARSE_FOLD(rule) entry<g::rule>(NodeKind::rule),
#include "compiler/parse/node_kinds.def"
#undef PLUMB_PARSE_NODE
#undef PLUMB_PARSE_FOLD
  };
  auto it = table.find(node.type);
  return it == table.end() ? NodeKind::Other : it->second;
}

}  // namespace plumb::parse
