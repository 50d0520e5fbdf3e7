// The kinds of parse-tree node the AST builder distinguishes. `kind_of` maps a node to its kind
// with one hash lookup on its rule name (the demangled type name PEGTL records).
#pragma once

#include "compiler/parse/parse_tree.hpp"

namespace plumb::parse {

enum class N {
  Other, identifier, max_function, int_lit, float_lit, duration_lit, bad_number, string_lit,
  string_text, escape, interpolation, literal_true, literal_false, literal_null, list_lit,
  record_lit, record_entry, record_key, keyword_arg, keyword_arg_name, call_args, field_access,
  field_name, index_access, neg_op, not_op, mul_op, add_op, cmp_op, and_op, or_op, map_expr,
  filter_expr, block, statement, attribute, attribute_name, var_decl, assignment, if_stmt,
  else_if_arm, else_arm, for_stmt, while_stmt, max_bound, yield_stmt, return_stmt, expr_stmt,
  type_expr, type_name, nullable_mark, import_decl, import_path, param, param_default,
  result_type, pipeline_decl, postfix, unary, multiplicative, additive, comparison, logic_not,
  logic_and, logic_or, ternary
};

N kind_of(const ParseNode& node);

}  // namespace plumb::parse
