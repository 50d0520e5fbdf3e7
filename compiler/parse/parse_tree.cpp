// The parse-tree selector: which grammar rules become nodes (with their exact source range),
// and which precedence levels fold away when they have a single child (node_kinds.def).
#include "compiler/parse/parse_tree.hpp"

#include "compiler/parse/errors.hpp"
#include "compiler/parse/grammar.hpp"

namespace plumb::parse {
namespace {

namespace g = grammar;
namespace pt = tao::pegtl::parse_tree;

// A rule node_kinds.def lists becomes a node (stored, or folded into its only child); the
// root `file` is stored too; every other rule leaves no node.
template <typename Rule>
struct selector : std::false_type {};
#define PLUMB_PARSE_NODE(rule) \
  template <>                  \
  struct selector<g::rule> : pt::store_content {};
#define PLUMB_PARSE_FOLD(rule) \
  template <>                  \
  struct selector<g::rule> : pt::fold_one {};
#include "compiler/parse/node_kinds.def"
#undef PLUMB_PARSE_NODE
#undef PLUMB_PARSE_FOLD
template <>
struct selector<g::file> : pt::store_content {};

}  // namespace

std::unique_ptr<ParseNode> build_parse_tree(const diag::SourceFile& file,
                                            diag::Diagnostics& diags) {
  // The input's source name is left empty: every parse-tree node stores a copy of it.
  tao::pegtl::memory_input input(file.text().data(), file.text().size(), "");
  ParseContext context;
  try {
    return pt::parse<g::file, selector, tao::pegtl::nothing, g::control>(input, context);
  } catch (const SyntaxError& error) {
    auto offset = static_cast<std::uint32_t>(error.offset);
    std::uint32_t length = error.kind == diag::Kind::InvalidEscape ? 2 : 1;
    if (error.kind == diag::Kind::InvalidEscape && offset > 0) --offset;
    diags.report(error.kind, file.loc(offset, length), error.message);
  } catch (const NestingTooDeep& error) {
    std::string message = "nesting is deeper than " + std::to_string(kMaxNesting) + " levels";
    if (error.reason) message += std::string(" (") + error.reason + ")";
    diags.report(diag::Kind::NestingTooDeep, file.loc(static_cast<std::uint32_t>(error.offset), 1),
                 std::move(message));
  }
  return nullptr;
}

}  // namespace plumb::parse
