// The parse-tree selector: which grammar rules become nodes (with their exact source range),
// and which precedence levels fold away when they have a single child.
#include "compiler/parse/parse_tree.hpp"

#include "compiler/parse/errors.hpp"
#include "compiler/parse/grammar.hpp"

namespace plumb::parse {
namespace {

namespace g = grammar;
namespace pt = tao::pegtl::parse_tree;

template <typename Rule>
using selector = pt::selector<
    Rule,
    pt::store_content::on<
        g::identifier, g::max_function, g::int_lit, g::float_lit, g::duration_lit, g::bad_number,
        g::string_lit, g::string_text, g::escape, g::interpolation, g::literal_true,
        g::literal_false, g::literal_null, g::list_lit, g::record_lit, g::record_entry,
        g::record_key, g::keyword_arg, g::keyword_arg_name, g::call_args, g::field_access,
        g::field_name, g::index_access, g::neg_op, g::not_op, g::mul_op, g::add_op, g::cmp_op,
        g::and_op, g::or_op, g::map_expr, g::filter_expr, g::block, g::statement, g::attribute,
        g::attribute_name, g::var_decl, g::assignment, g::if_stmt, g::else_if_arm, g::else_arm,
        g::for_stmt, g::while_stmt, g::max_bound, g::yield_stmt, g::return_stmt, g::expr_stmt,
        g::type_expr, g::type_name, g::nullable_mark, g::import_decl, g::import_path, g::param,
        g::param_default, g::result_type, g::pipeline_decl, g::file>,
    pt::fold_one::on<g::postfix, g::unary, g::multiplicative, g::additive, g::comparison,
                     g::logic_not, g::logic_and, g::logic_or, g::ternary>>;

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
