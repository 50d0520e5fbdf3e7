// The rule-name → node-kind table behind kind_of.
#include "compiler/parse/node_kind.hpp"

#include <unordered_map>

#include "compiler/parse/grammar.hpp"

namespace plumb::parse {
namespace {

namespace g = grammar;

template <typename Rule>
std::pair<std::string_view, N> entry(N kind) {
  return {tao::pegtl::demangle<Rule>(), kind};
}

}  // namespace

N kind_of(const ParseNode& node) {
  static const std::unordered_map<std::string_view, N> table = {
      entry<g::identifier>(N::identifier),
      entry<g::max_function>(N::max_function),
      entry<g::int_lit>(N::int_lit),
      entry<g::float_lit>(N::float_lit),
      entry<g::duration_lit>(N::duration_lit),
      entry<g::bad_number>(N::bad_number),
      entry<g::string_lit>(N::string_lit),
      entry<g::string_text>(N::string_text),
      entry<g::escape>(N::escape),
      entry<g::interpolation>(N::interpolation),
      entry<g::literal_true>(N::literal_true),
      entry<g::literal_false>(N::literal_false),
      entry<g::literal_null>(N::literal_null),
      entry<g::list_lit>(N::list_lit),
      entry<g::record_lit>(N::record_lit),
      entry<g::record_entry>(N::record_entry),
      entry<g::record_key>(N::record_key),
      entry<g::keyword_arg>(N::keyword_arg),
      entry<g::keyword_arg_name>(N::keyword_arg_name),
      entry<g::call_args>(N::call_args),
      entry<g::field_access>(N::field_access),
      entry<g::field_name>(N::field_name),
      entry<g::index_access>(N::index_access),
      entry<g::neg_op>(N::neg_op),
      entry<g::not_op>(N::not_op),
      entry<g::mul_op>(N::mul_op),
      entry<g::add_op>(N::add_op),
      entry<g::cmp_op>(N::cmp_op),
      entry<g::and_op>(N::and_op),
      entry<g::or_op>(N::or_op),
      entry<g::map_expr>(N::map_expr),
      entry<g::filter_expr>(N::filter_expr),
      entry<g::block>(N::block),
      entry<g::statement>(N::statement),
      entry<g::attribute>(N::attribute),
      entry<g::attribute_name>(N::attribute_name),
      entry<g::var_decl>(N::var_decl),
      entry<g::assignment>(N::assignment),
      entry<g::if_stmt>(N::if_stmt),
      entry<g::else_if_arm>(N::else_if_arm),
      entry<g::else_arm>(N::else_arm),
      entry<g::for_stmt>(N::for_stmt),
      entry<g::while_stmt>(N::while_stmt),
      entry<g::max_bound>(N::max_bound),
      entry<g::yield_stmt>(N::yield_stmt),
      entry<g::return_stmt>(N::return_stmt),
      entry<g::expr_stmt>(N::expr_stmt),
      entry<g::type_expr>(N::type_expr),
      entry<g::type_name>(N::type_name),
      entry<g::nullable_mark>(N::nullable_mark),
      entry<g::import_decl>(N::import_decl),
      entry<g::import_path>(N::import_path),
      entry<g::param>(N::param),
      entry<g::param_default>(N::param_default),
      entry<g::result_type>(N::result_type),
      entry<g::pipeline_decl>(N::pipeline_decl),
      entry<g::postfix>(N::postfix),
      entry<g::unary>(N::unary),
      entry<g::multiplicative>(N::multiplicative),
      entry<g::additive>(N::additive),
      entry<g::comparison>(N::comparison),
      entry<g::logic_not>(N::logic_not),
      entry<g::logic_and>(N::logic_and),
      entry<g::logic_or>(N::logic_or),
      entry<g::ternary>(N::ternary)};
  auto it = table.find(node.type);
  return it == table.end() ? N::Other : it->second;
}

}  // namespace plumb::parse
