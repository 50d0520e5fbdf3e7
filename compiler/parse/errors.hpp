// Syntax error messages. A grammar rule with a message here must match where it is used: when
// it fails, parsing stops with that message at the current position (PEGTL's must_if idea,
// with our own exception so the error carries a diagnostic kind and an exact offset).
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>

#include "compiler/diag/diagnostics.hpp"
#include "compiler/parse/grammar.hpp"

namespace plumb::parse {

struct SyntaxError {
  diag::Kind kind;
  std::size_t offset;
  std::string message;
};

namespace grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define PLUMB_SYNTAX_ERROR(rule, text) \
  template <>                          \
  inline constexpr const char* error_message<rule> = text;

PLUMB_SYNTAX_ERROR(interpolation_value, "expected an expression inside `${...}`")
PLUMB_SYNTAX_ERROR(interpolation_close, "expected `}` to close the interpolation")
PLUMB_SYNTAX_ERROR(string_close, "unterminated string literal")
PLUMB_SYNTAX_ERROR(escape_code, "unknown escape sequence")
PLUMB_SYNTAX_ERROR(exponent_digits, "expected digits in the exponent")
PLUMB_SYNTAX_ERROR(list_close, "expected `,` or `]`")
PLUMB_SYNTAX_ERROR(record_colon, "expected `:` after the record key")
PLUMB_SYNTAX_ERROR(record_value, "expected an expression")
PLUMB_SYNTAX_ERROR(record_close, "expected `,` or `}`")
PLUMB_SYNTAX_ERROR(paren_close, "expected `)`")
PLUMB_SYNTAX_ERROR(keyword_value, "expected an expression after the argument name")
PLUMB_SYNTAX_ERROR(args_close, "expected `,` or `)`")
PLUMB_SYNTAX_ERROR(iter_var, "expected a name")
PLUMB_SYNTAX_ERROR(expect_in, "expected `in`")
PLUMB_SYNTAX_ERROR(iter_source, "expected an expression")
PLUMB_SYNTAX_ERROR(field_name, "expected a field name after `.`")
PLUMB_SYNTAX_ERROR(index_close, "expected `]`")
PLUMB_SYNTAX_ERROR(unary_operand, "expected an expression after `-`")
PLUMB_SYNTAX_ERROR(operand_expected_mul, "expected an expression after the operator")
PLUMB_SYNTAX_ERROR(operand_expected_add, "expected an expression after the operator")
PLUMB_SYNTAX_ERROR(operand_expected_cmp, "expected an expression after the operator")
PLUMB_SYNTAX_ERROR(not_operand, "expected an expression after `not`")
PLUMB_SYNTAX_ERROR(operand_expected_and, "expected an expression after `and`")
PLUMB_SYNTAX_ERROR(operand_expected_or, "expected an expression after `or`")
PLUMB_SYNTAX_ERROR(ternary_then, "expected an expression after `?`")
PLUMB_SYNTAX_ERROR(ternary_colon, "expected `:` in the conditional expression")
PLUMB_SYNTAX_ERROR(ternary_else, "expected an expression after `:`")
PLUMB_SYNTAX_ERROR(type_argument, "expected a type")
PLUMB_SYNTAX_ERROR(type_close, "expected `]`")
PLUMB_SYNTAX_ERROR(expect_type, "expected a type")
PLUMB_SYNTAX_ERROR(attribute_name, "expected an attribute name after `@`")
PLUMB_SYNTAX_ERROR(var_name, "expected a name after `var`")
PLUMB_SYNTAX_ERROR(expect_assign, "expected `=`")
PLUMB_SYNTAX_ERROR(bound_value, "expected an expression")
PLUMB_SYNTAX_ERROR(condition, "expected a condition")
PLUMB_SYNTAX_ERROR(max_value, "expected an expression after `max`")
PLUMB_SYNTAX_ERROR(yield_value, "expected an expression after `yield`")
PLUMB_SYNTAX_ERROR(statement_body, "expected a statement")
PLUMB_SYNTAX_ERROR(statement_end, "expected a newline or `;` after the statement")
PLUMB_SYNTAX_ERROR(block_close, "expected `}`")
PLUMB_SYNTAX_ERROR(block, "expected `{`")
PLUMB_SYNTAX_ERROR(import_path, "expected a quoted path after `import`")
PLUMB_SYNTAX_ERROR(param_name, "expected a parameter name")
PLUMB_SYNTAX_ERROR(params_close, "expected `,` or `)`")
PLUMB_SYNTAX_ERROR(params, "expected `(` after the pipeline name")
PLUMB_SYNTAX_ERROR(pipeline_name, "expected a pipeline name")
PLUMB_SYNTAX_ERROR(top_level_end, "expected `pipeline` or `import`")

#undef PLUMB_SYNTAX_ERROR

template <typename Rule>
inline constexpr diag::Kind error_kind = diag::Kind::Syntax;
template <>
inline constexpr diag::Kind error_kind<string_close> = diag::Kind::UnterminatedString;
template <>
inline constexpr diag::Kind error_kind<escape_code> = diag::Kind::InvalidEscape;
template <>
inline constexpr diag::Kind error_kind<exponent_digits> = diag::Kind::InvalidNumber;

// The parser state among the states PEGTL passes to a control (the parse-tree builder adds
// its own).
template <typename First, typename... Rest>
ParseContext& context_of(First& first, Rest&... rest) {
  if constexpr (std::is_same_v<std::remove_cvref_t<First>, ParseContext>) {
    return first;
  } else {
    return context_of(rest...);
  }
}

// PEGTL control: a rule with a message that fails to match throws a SyntaxError at the
// position where it was tried. This wraps `match` rather than hooking `failure`, because the
// parse-tree builder does not forward `failure` for rules it neither keeps nor treats as leaves.
template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  template <tao::pegtl::apply_mode A, tao::pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... states) {
    using base = tao::pegtl::normal<Rule>;
    if constexpr (error_message<Rule> == nullptr) {
      return base::template match<A, M, Action, Control>(in, states...);
    } else {
      const auto start = static_cast<std::size_t>(in.current() - in.begin());
      if (base::template match<A, M, Action, Control>(in, states...)) return true;
      std::size_t offset = start;
      if constexpr (error_kind<Rule> == diag::Kind::UnterminatedString) {
        offset = context_of(states...).string_start;
      }
      throw SyntaxError{error_kind<Rule>, offset, error_message<Rule>};
    }
  }
};

}  // namespace grammar
}  // namespace plumb::parse
