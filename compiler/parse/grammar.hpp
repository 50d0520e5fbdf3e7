// The PEGTL grammar of the .pipe language (LANGUAGE.md §2–7). Newlines end statements, except
// inside brackets, after a binary operator, and inside `${...}`: the whitespace rule `sp` asks
// the ParseContext whether the innermost construct is a bracket or a statement block. The same
// context bounds the nesting depth so that deep input gives a diagnostic, not a stack overflow.
// Rules whose failure is an error have a message in errors.hpp (they act like `must<>`).
// A rule the parse-tree selector keeps is only ever used inside another rule, never derived
// from (a derived rule is a different type and would hide it from the selector).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace plumb::parse {

// Deepest nesting of brackets, blocks and prefix operators accepted.
inline constexpr std::size_t kMaxNesting = 256;

struct NestingTooDeep {
  std::size_t offset;
  const char* reason = nullptr;  // why this construct counts as nesting, when it is not obvious
};

// Mutable parser state passed to PEGTL as an extra state.
struct ParseContext {
  std::vector<bool> newline_is_space{false};  // innermost construct is a bracket
  std::size_t depth = 0;
  std::size_t string_start = 0;  // offset of the opening quote of the string being parsed
};

namespace grammar {

namespace pegtl = tao::pegtl;
using pegtl::at;
using pegtl::eof;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::string;

// ---------------------------------------------------------------- whitespace and context

struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct blank : one<' ', '\t', '\r'> {};
// Any whitespace, newlines included.
struct nl : star<sor<blank, one<'\n'>, comment>> {};

// Whitespace that is insignificant here: blanks and comments, and newlines inside brackets.
struct sp {
  using rule_t = sp;
  using subs_t = pegtl::empty_list;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, ParseContext& context, States&...) {
    const bool skip_newlines = context.newline_is_space.back();
    while (!in.empty()) {
      char c = in.peek_char();
      if (c == ' ' || c == '\t' || c == '\r' || (c == '\n' && skip_newlines)) {
        in.bump(1);
      } else if (c == '#') {
        while (!in.empty() && in.peek_char() != '\n')
          in.bump(1);
      } else {
        break;
      }
    }
    return true;
  }
};

// Matches Rule one level deeper; `Brackets` says whether newlines are whitespace inside it.
template <bool Brackets, typename Rule>
struct nested {
  using rule_t = nested;
  using subs_t = pegtl::type_list<Rule>;

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, ParseContext& context, States&... states) {
    if (context.depth >= kMaxNesting) {
      // Point at the opening bracket (or the `{` of `${`), which the caller has just read.
      auto offset = static_cast<std::size_t>(in.current() - in.begin());
      throw NestingTooDeep{offset > 0 ? offset - 1 : 0};
    }
    ++context.depth;
    context.newline_is_space.push_back(Brackets);
    struct Restore {
      ParseContext& c;
      ~Restore() {
        --c.depth;
        c.newline_is_space.pop_back();
      }
    } restore{context};
    return Control<Rule>::template match<A, M, Action, Control>(in, context, states...);
  }
};
template <typename... Rules>
using in_brackets = nested<true, seq<Rules...>>;
template <typename... Rules>
using in_block = nested<false, seq<Rules...>>;

// One level deeper without changing the newline mode (prefix operators, `? :` arms).
template <typename Rule>
struct deeper {
  using rule_t = deeper;
  using subs_t = pegtl::type_list<Rule>;

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, ParseContext& context, States&... states) {
    if (context.depth >= kMaxNesting) {
      throw NestingTooDeep{static_cast<std::size_t>(in.current() - in.begin())};
    }
    ++context.depth;
    struct Restore {
      ParseContext& c;
      ~Restore() { --c.depth; }
    } restore{context};
    return Control<Rule>::template match<A, M, Action, Control>(in, context, states...);
  }
};

// A run of `Arm`s, each seen coming by `Gap` then `Start`, where every arm is one level deeper
// than the one before, then `Tail` as deep as the last arm: the `else if` arms of an `if` and
// its final `else`, which run inside the `else` of the arm before them. The levels are given
// back after the tail.
template <typename Gap, typename Start, typename Arm, typename Tail>
struct chained_arms {
  using rule_t = chained_arms;
  using subs_t = pegtl::type_list<Gap, Start, Arm, Tail>;

  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, ParseContext& context, States&... states) {
    struct Restore {
      ParseContext& c;
      std::size_t depth;
      ~Restore() { c.depth = depth; }
    } restore{context, context.depth};
    constexpr auto nothing = pegtl::apply_mode::nothing;
    constexpr auto rewind = pegtl::rewind_mode::required;
    using follows = pegtl::at<Gap, Start>;
    while (Control<follows>::template match<nothing, rewind, Action, Control>(in, context,
                                                                              states...)) {
      if (context.depth + 1 >= kMaxNesting) {  // the arm's block would be too deep
        // Point at the arm's first word.
        Control<Gap>::template match<nothing, rewind, Action, Control>(in, context, states...);
        throw NestingTooDeep{static_cast<std::size_t>(in.current() - in.begin()),
                             "each `else if` is one level deeper than the arm before it"};
      }
      ++context.depth;
      if (!Control<Arm>::template match<A, rewind, Action, Control>(in, context, states...)) break;
    }
    return Control<Tail>::template match<A, rewind, Action, Control>(in, context, states...);
  }
};

// Remembers where a string literal starts so "unterminated string" can point at its quote.
struct string_open {
  using rule_t = string_open;
  using subs_t = pegtl::empty_list;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class Action,
            template <typename...> class Control, typename ParseInput, typename... States>
  static bool match(ParseInput& in, ParseContext& context, States&...) {
    if (in.empty() || in.peek_char() != '"') return false;
    context.string_start = static_cast<std::size_t>(in.current() - in.begin());
    in.bump(1);
    return true;
  }
};

template <typename Rule>
struct token : seq<Rule, sp> {};
// A binary operator: a newline may follow it.
template <typename Rule>
struct op : seq<Rule, nl> {};

// ---------------------------------------------------------------- words and keywords

struct ident_first : ranges<'a', 'z', 'A', 'Z', '_'> {};
struct ident_other : ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct word : seq<ident_first, star<ident_other>> {};

template <typename Spelling>
struct kw : seq<Spelling, not_at<ident_other>> {};
struct kw_pipeline : kw<TAO_PEGTL_STRING("pipeline")> {};
struct kw_import : kw<TAO_PEGTL_STRING("import")> {};
struct kw_map : kw<TAO_PEGTL_STRING("map")> {};
struct kw_filter : kw<TAO_PEGTL_STRING("filter")> {};
struct kw_for : kw<TAO_PEGTL_STRING("for")> {};
struct kw_in : kw<TAO_PEGTL_STRING("in")> {};
struct kw_while : kw<TAO_PEGTL_STRING("while")> {};
struct kw_max : kw<TAO_PEGTL_STRING("max")> {};
struct kw_if : kw<TAO_PEGTL_STRING("if")> {};
struct kw_else : kw<TAO_PEGTL_STRING("else")> {};
struct kw_yield : kw<TAO_PEGTL_STRING("yield")> {};
struct kw_return : kw<TAO_PEGTL_STRING("return")> {};
struct kw_var : kw<TAO_PEGTL_STRING("var")> {};
struct kw_true : kw<TAO_PEGTL_STRING("true")> {};
struct kw_false : kw<TAO_PEGTL_STRING("false")> {};
struct kw_null : kw<TAO_PEGTL_STRING("null")> {};
struct kw_and : kw<TAO_PEGTL_STRING("and")> {};
struct kw_or : kw<TAO_PEGTL_STRING("or")> {};
struct kw_not : kw<TAO_PEGTL_STRING("not")> {};
struct keyword
    : sor<kw_pipeline, kw_import, kw_map, kw_filter, kw_for, kw_in, kw_while, kw_max, kw_if,
          kw_else, kw_yield, kw_return, kw_var, kw_true, kw_false, kw_null, kw_and, kw_or, kw_not> {
};

struct identifier : seq<not_at<keyword>, word> {};
struct name : token<identifier> {};

// ---------------------------------------------------------------- literals

struct digits : seq<pegtl::digit, star<opt<one<'_'>>, pegtl::digit>> {};
struct exponent_digits : digits {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, exponent_digits> {};
struct fraction : seq<one<'.'>, digits> {};
struct float_number : seq<digits, sor<seq<fraction, opt<exponent>>, exponent>> {};
struct duration_unit : sor<TAO_PEGTL_STRING("ms"), one<'s', 'm', 'h'>> {};
struct duration_lit : seq<sor<float_number, digits>, duration_unit, not_at<ident_other>> {};
struct float_lit : seq<float_number, not_at<ident_other>> {};
struct int_lit : seq<digits, not_at<ident_other>> {};
// Digits followed by letters, such as `5sec`: always an error.
struct bad_number : seq<pegtl::digit, star<ident_other>> {};
struct number : sor<duration_lit, float_lit, int_lit, bad_number> {};

struct unicode_escape : seq<one<'u'>, one<'{'>, pegtl::rep_min_max<1, 6, pegtl::xdigit>, one<'}'>> {
};
struct escape_code : sor<one<'"', '\\', 'n', 't', 'r', '$', '0'>, unicode_escape> {};
struct escape : seq<one<'\\'>, escape_code> {};
struct string_text : plus<sor<not_one<'"', '\\', '$'>, seq<one<'$'>, not_at<one<'{'>>>>> {};
struct expression;
struct interpolation_close : one<'}'> {};
struct interpolation_value : seq<expression> {};
struct interpolation_expr : seq<nl, interpolation_value, interpolation_close> {};
struct interpolation : seq<TAO_PEGTL_STRING("${"), in_brackets<interpolation_expr>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<string_open, star<sor<string_text, escape, interpolation>>, string_close> {
};
struct literal_true : kw_true {};
struct literal_false : kw_false {};
struct literal_null : kw_null {};

// ---------------------------------------------------------------- expressions

struct comma : seq<one<','>, nl> {};
struct colon : seq<one<':'>, not_at<one<':'>>, nl> {};

struct list_close : one<']'> {};
struct list_items : seq<expression, star<comma, expression>, opt<comma>> {};
struct list_lit : seq<one<'['>, in_brackets<nl, opt<list_items>, list_close>> {};

struct record_key : sor<word, string_lit> {};
struct record_colon : seq<one<':'>, nl> {};
struct record_value : seq<expression> {};
struct record_entry : seq<record_key, sp, record_colon, record_value> {};
struct record_close : one<'}'> {};
struct record_entries : seq<record_entry, star<comma, record_entry>, opt<comma>> {};
struct record_lit : seq<one<'{'>, in_brackets<nl, opt<record_entries>, record_close>> {};

struct paren_close : one<')'> {};
struct paren_expr : seq<one<'('>, in_brackets<nl, expression, paren_close>> {};

struct keyword_arg_name : word {};
struct keyword_value : seq<expression> {};
struct keyword_arg : seq<keyword_arg_name, sp, colon, keyword_value> {};
struct positional_arg : seq<expression> {};
struct argument : sor<keyword_arg, positional_arg> {};
struct args_close : one<')'> {};
struct argument_list : seq<argument, star<comma, argument>, opt<comma>> {};
struct call_args : seq<one<'('>, in_brackets<nl, opt<argument_list>, args_close>> {};

struct block;
struct iter_var : name {};
struct expect_in : token<kw_in> {};
struct iter_source : seq<expression> {};
struct iter_option : seq<comma, keyword_arg> {};
struct map_expr : seq<token<kw_map>, iter_var, expect_in, iter_source, star<iter_option>, block> {};
struct filter_expr
    : seq<token<kw_filter>, iter_var, expect_in, iter_source, star<iter_option>, block> {};

// `max` is a keyword (of `while`) and also a built-in function.
struct max_function : seq<kw_max, at<sp, one<'('>>> {};

struct primary
    : token<sor<number, string_lit, literal_true, literal_false, literal_null, list_lit, record_lit,
                paren_expr, map_expr, filter_expr, identifier, max_function>> {};

struct field_name : word {};
struct field_access : seq<one<'.'>, field_name> {};
struct index_close : one<']'> {};
struct index_access : seq<one<'['>, in_brackets<nl, expression, index_close>> {};
struct postfix_op : seq<sor<field_access, index_access, call_args>, sp> {};
struct postfix : seq<primary, star<postfix_op>> {};

struct neg_op : token<one<'-'>> {};
struct unary;
struct unary_operand : seq<unary> {};
struct unary : sor<seq<neg_op, deeper<unary_operand>>, postfix> {};

struct mul_op : op<sor<TAO_PEGTL_STRING("//"), one<'*', '/', '%'>>> {};
struct operand_expected_mul : seq<unary> {};
struct multiplicative : seq<unary, star<mul_op, operand_expected_mul>> {};

struct add_op : op<sor<one<'+'>, seq<one<'-'>, not_at<one<'>'>>>>> {};
struct operand_expected_add : seq<multiplicative> {};
struct additive : seq<multiplicative, star<add_op, operand_expected_add>> {};

struct cmp_op : op<sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="),
                       TAO_PEGTL_STRING(">="), one<'<', '>'>>> {};
struct operand_expected_cmp : seq<additive> {};
struct comparison : seq<additive, star<cmp_op, operand_expected_cmp>> {};

struct not_op : token<kw_not> {};
struct logic_not;
struct not_operand : seq<logic_not> {};
struct logic_not : sor<seq<not_op, deeper<not_operand>>, comparison> {};

struct and_op : op<kw_and> {};
struct operand_expected_and : seq<logic_not> {};
struct logic_and : seq<logic_not, star<and_op, operand_expected_and>> {};

struct or_op : op<kw_or> {};
struct operand_expected_or : seq<logic_and> {};
struct logic_or : seq<logic_and, star<or_op, operand_expected_or>> {};

struct ternary_then : seq<expression> {};
struct ternary_colon : one<':'> {};
struct ternary_else : seq<expression> {};
struct ternary_arms
    : seq<op<one<'?'>>, deeper<ternary_then>, ternary_colon, nl, deeper<ternary_else>> {};
struct ternary : seq<logic_or, opt<ternary_arms>> {};
struct expression : seq<ternary> {};

// ---------------------------------------------------------------- types

struct type_name : word {};
struct type_close : one<']'> {};
struct type_expr;
struct type_argument : seq<type_expr> {};
struct type_arguments : seq<one<'['>, in_brackets<sp, type_argument, sp, type_close>> {};
struct nullable_mark : one<'?'> {};
struct type_expr : seq<type_name, opt<type_arguments>, opt<nullable_mark>> {};
struct expect_type : seq<type_expr, sp> {};

// ---------------------------------------------------------------- statements

struct attribute_name : word {};
struct attribute : seq<one<'@'>, attribute_name, opt<call_args>> {};

struct assign_op : seq<one<'='>, not_at<one<'='>>, nl> {};
struct expect_assign : assign_op {};
struct bound_value : seq<expression> {};
struct var_name : name {};
struct var_decl : seq<token<kw_var>, var_name, expect_assign, bound_value> {};
struct assignment : seq<name, assign_op, bound_value> {};

struct condition : seq<expression> {};
struct else_if_arm : seq<nl, token<kw_else>, token<kw_if>, condition, block> {};
struct else_arm : seq<nl, token<kw_else>, block> {};
struct else_arms : chained_arms<nl, seq<kw_else, sp, kw_if>, else_if_arm, opt<else_arm>> {};
struct if_stmt : seq<kw_if, sp, condition, block, else_arms> {};
struct for_stmt : seq<kw_for, sp, iter_var, expect_in, iter_source, block> {};
struct max_value : seq<expression> {};
struct max_bound : seq<token<kw_max>, max_value> {};
struct while_stmt : seq<kw_while, sp, condition, opt<max_bound>, block> {};
struct yield_value : seq<expression> {};
struct yield_stmt : seq<kw_yield, sp, yield_value> {};
struct return_stmt : seq<kw_return, sp, opt<expression>> {};
struct expr_stmt : seq<expression> {};

struct statement_body
    : sor<if_stmt, for_stmt, while_stmt, return_stmt, yield_stmt, var_decl, assignment, expr_stmt> {
};
struct statement_end : sor<one<';'>, one<'\n'>, at<one<'}'>>, eof> {};
struct statement : seq<star<attribute, nl>, statement_body, sp, statement_end> {};
struct block_close : one<'}'> {};
struct statements : star<nl, not_at<one<'}'>>, not_at<eof>, statement> {};
struct block_body : seq<statements, nl, block_close> {};
struct block : seq<one<'{'>, in_block<block_body>> {};

// ---------------------------------------------------------------- files

struct import_path : string_lit {};
struct import_decl : seq<kw_import, sp, import_path> {};

struct param_default : seq<one<'='>, nl, expression> {};
struct param_name : name {};
struct param : seq<param_name, opt<one<':'>, sp, expect_type>, opt<param_default>> {};
struct params_close : one<')'> {};
struct param_list : seq<param, star<comma, not_at<one<')'>>, param>, opt<comma>> {};
struct params
    : seq<one<'('>, in_brackets<nl, opt<not_at<one<')'>>, param_list>, params_close>, sp> {};
struct result_type : seq<TAO_PEGTL_STRING("->"), sp, expect_type> {};
struct pipeline_name : name {};
struct pipeline_decl : seq<kw_pipeline, sp, pipeline_name, params, opt<result_type>, block> {};

struct top_level_end : eof {};
struct file : seq<nl, star<sor<import_decl, pipeline_decl>, sp, nl>, top_level_end> {};

}  // namespace grammar
}  // namespace plumb::parse

namespace tao::pegtl {

template <typename Name>
struct analyze_traits<Name, plumb::parse::grammar::sp> : analyze_opt_traits<> {};
template <typename Name>
struct analyze_traits<Name, plumb::parse::grammar::string_open> : analyze_any_traits<> {};
template <typename Name, bool Brackets, typename Rule>
struct analyze_traits<Name, plumb::parse::grammar::nested<Brackets, Rule>>
    : analyze_seq_traits<Rule> {};
template <typename Name, typename Rule>
struct analyze_traits<Name, plumb::parse::grammar::deeper<Rule>> : analyze_seq_traits<Rule> {};
template <typename Name, typename Gap, typename Start, typename Arm, typename Tail>
struct analyze_traits<Name, plumb::parse::grammar::chained_arms<Gap, Start, Arm, Tail>>
    : analyze_seq_traits<opt<Arm>, Tail> {};

}  // namespace tao::pegtl
