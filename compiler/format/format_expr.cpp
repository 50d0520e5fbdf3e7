// Expression layout: one line when the expression fits and holds no comment, else broken at
// its outermost brackets (one element a line, a trailing comma) or after its operators. The
// parentheses written are exactly those the precedence of docs/language.md §6 needs.
#include <algorithm>
#include <cctype>

#include "compiler/format/formatter_impl.hpp"

namespace plumb::format {

using namespace plumb::ast;

int precedence(ops::Binary op) {
  switch (op) {
    case ops::Binary::Or:
      return kOr;
    case ops::Binary::And:
      return kAnd;
    case ops::Binary::Add:
    case ops::Binary::Sub:
      return kAdd;
    case ops::Binary::Mul:
    case ops::Binary::Div:
    case ops::Binary::IntDiv:
    case ops::Binary::Mod:
      return kMul;
    default:
      return kCompare;
  }
}

int precedence(const Expr& e, std::string_view text) {
  switch (e.kind) {
    case ExprKind::Ternary:
      return kTernary;
    case ExprKind::Binary:
      return precedence(e.as<BinaryExpr>().op);
    case ExprKind::Unary:
      return e.as<UnaryExpr>().op == ops::Unary::Not ? kNot : kPrefix;
    case ExprKind::Int:
    case ExprKind::Float:
      return text[e.loc.offset] == '-' ? kPrefix : kPrimary;
    default:
      return kPrimary;
  }
}

bool left_needs_parens(const Expr& lhs, int level, std::string_view text) {
  int p = precedence(lhs, text);
  return p < level || (level == kCompare && p == kCompare);
}

std::string spaces(int indent) {
  return std::string(static_cast<std::size_t>(indent), ' ');
}

std::size_t width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool fits(std::size_t column, std::string_view text, std::size_t suffix) {
  return text.find('\n') == std::string_view::npos && column + width(text) + suffix <= kLineWidth;
}

// A number literal's location is its spelling, except that a negative one spans its `-`, what
// the parser's node for it holds between the `-` and the number (blanks, comments, the
// parentheses of `-(5)`) and the blanks, comments and `)` after it: the literal is the `-` and
// the number's own characters.
std::string Formatter::number_text(const Expr& e) const {
  std::uint32_t pos = e.loc.offset;
  const std::uint32_t end = e.loc.offset + e.loc.length;
  if (text_[pos] != '-') return std::string(text_.substr(pos, e.loc.length));
  std::string out = "-";
  ++pos;
  while (pos < end && !std::isdigit(static_cast<unsigned char>(text_[pos]))) {
    if (text_[pos] == '#') {
      while (pos < end && text_[pos] != '\n')
        ++pos;
    } else {
      ++pos;
    }
  }
  for (; pos < end; ++pos) {
    const char c = text_[pos];
    const bool sign = (c == '+' || c == '-') && (text_[pos - 1] == 'e' || text_[pos - 1] == 'E');
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || sign)) break;
    out += c;
  }
  return out;
}

std::uint32_t Formatter::end_of(const Expr& e) const {
  switch (e.kind) {
    case ExprKind::Binary:
      return end_of(*e.as<BinaryExpr>().rhs);
    case ExprKind::Ternary:
      return end_of(*e.as<TernaryExpr>().else_value);
    case ExprKind::Unary:
      return end_of(*e.as<UnaryExpr>().operand);
    case ExprKind::Map:
    case ExprKind::Filter: {
      const Block& body = e.as<IterExpr>().body;  // the node's own location is its keyword's
      return body.loc.offset + body.loc.length;
    }
    case ExprKind::Int:
    case ExprKind::Float:
      if (text_[e.loc.offset] == '-') {
        const std::string spelled = number_text(e);
        const std::string_view digits = std::string_view(spelled).substr(1);
        return static_cast<std::uint32_t>(text_.find(digits, e.loc.offset) + digits.size());
      }
      return e.loc.offset + e.loc.length;
    default:
      return e.loc.offset + e.loc.length;
  }
}

std::optional<std::string> Formatter::flat_operand(const Expr& e, bool parens) {
  auto text = flat(e);
  if (!text || !parens) return text;
  return "(" + *text + ")";
}

std::string Formatter::operand(const Expr& e, bool parens, int indent, std::size_t column,
                               std::size_t suffix) {
  if (!parens) return layout(e, indent, column, suffix);
  return "(" + layout(e, indent, column + 1, suffix + 1) + ")";
}

std::optional<std::string> Formatter::flat(const Expr& e) {
  auto join = [&](const std::vector<std::optional<std::string>>& parts,
                  std::string sep) -> std::optional<std::string> {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!parts[i]) return std::nullopt;
      out += (i ? sep : "") + *parts[i];
    }
    return out;
  };
  switch (e.kind) {
    case ExprKind::Int:
    case ExprKind::Float:
      return number_text(e);
    case ExprKind::Bool:
      return e.as<BoolLit>().value ? "true" : "false";
    case ExprKind::Null:
      return "null";
    case ExprKind::Str:
      return string_literal(e.as<StrLit>(), 0, true);
    case ExprKind::Name:
      return e.as<NameExpr>().name;
    case ExprKind::List: {
      std::vector<std::optional<std::string>> items;
      for (const auto& item : e.as<ListLit>().items)
        items.push_back(flat(*item));
      auto inner = join(items, ", ");
      if (!inner) return std::nullopt;
      return "[" + *inner + "]";
    }
    case ExprKind::Record: {
      const auto& r = e.as<RecordLit>();
      if (r.entries.empty()) return "{}";
      std::vector<std::optional<std::string>> entries;
      for (const RecordEntry& entry : r.entries) {
        auto value = flat(*entry.value);
        entries.push_back(value ? std::optional(compact(entry.key_loc) + ": " + *value)
                                : std::nullopt);
      }
      auto inner = join(entries, ", ");
      if (!inner) return std::nullopt;
      return "{ " + *inner + " }";
    }
    case ExprKind::Field: {
      const auto& f = e.as<FieldExpr>();
      auto object = flat_operand(*f.object, precedence(*f.object, text_) < kPostfix);
      if (!object) return std::nullopt;
      return *object + "." + f.field;
    }
    case ExprKind::Index: {
      const auto& x = e.as<IndexExpr>();
      auto object = flat_operand(*x.object, precedence(*x.object, text_) < kPostfix);
      auto index = flat(*x.index);
      if (!object || !index) return std::nullopt;
      return *object + "[" + *index + "]";
    }
    case ExprKind::Call: {
      const auto& c = e.as<CallExpr>();
      auto args = flat_list(arguments(c.args));
      if (!args) return std::nullopt;
      return c.callee + "(" + *args + ")";
    }
    case ExprKind::Unary: {
      const auto& u = e.as<UnaryExpr>();
      if (u.op == ops::Unary::Not) {
        auto operand = flat_operand(*u.operand, precedence(*u.operand, text_) < kNot);
        if (!operand) return std::nullopt;
        return "not " + *operand;
      }
      auto text = flat(*u.operand);
      if (!text) return std::nullopt;
      // `-` before `-x` or `-5` would read as one token or a negative literal: parenthesize.
      bool parens = precedence(*u.operand, text_) < kPrefix || text->front() == '-';
      return "-" + (parens ? "(" + *text + ")" : *text);
    }
    case ExprKind::Binary: {
      const auto& b = e.as<BinaryExpr>();
      int p = precedence(b.op);
      auto lhs = flat_operand(*b.lhs, left_needs_parens(*b.lhs, p, text_));
      auto rhs = flat_operand(*b.rhs, precedence(*b.rhs, text_) <= p);
      if (!lhs || !rhs) return std::nullopt;
      return *lhs + " " + std::string(ops::spelling(b.op)) + " " + *rhs;
    }
    case ExprKind::Ternary: {
      const auto& t = e.as<TernaryExpr>();
      auto cond = flat_operand(*t.cond, precedence(*t.cond, text_) == kTernary);
      auto then_value = flat_operand(*t.then_value, precedence(*t.then_value, text_) == kTernary);
      auto else_value = flat(*t.else_value);
      if (!cond || !then_value || !else_value) return std::nullopt;
      return *cond + " ? " + *then_value + " : " + *else_value;
    }
    case ExprKind::Map:
    case ExprKind::Filter: {
      const auto& it = e.as<IterExpr>();
      const auto& stmts = it.body.stmts;
      std::uint32_t body_end = it.body.loc.offset + it.body.loc.length;
      if (stmts.size() != 1 || has_comment(it.loc.offset, body_end)) return std::nullopt;
      auto body = flat_statement(*stmts[0]);
      if (!body) return std::nullopt;
      auto head = iteration(it, 0, 0, true);
      if (!head) return std::nullopt;
      return *head + " { " + *body + " }";
    }
    case ExprKind::Invalid:
      break;
  }
  PLUMB_CHECK(false, "the formatter met an expression the parser reported as invalid");
  return std::nullopt;
}

std::string Formatter::layout(const Expr& e, int indent, std::size_t column, std::size_t suffix) {
  if (!has_comment(e.loc.offset, end_of(e))) {
    auto text = flat(e);
    if (text && fits(column, *text, suffix)) return *text;
  }
  return broken(e, indent, column, suffix);
}

std::string Formatter::broken(const Expr& e, int indent, std::size_t column, std::size_t suffix) {
  switch (e.kind) {
    case ExprKind::List: {
      std::vector<Element> items;
      for (const auto& item : e.as<ListLit>().items)
        items.push_back(keyed(item->loc.offset, "", *item));
      return bracketed('[', e.loc.offset, std::move(items), ']', e.loc.offset + e.loc.length - 1,
                       indent);
    }
    case ExprKind::Record: {
      std::vector<Element> entries;
      for (const RecordEntry& entry : e.as<RecordLit>().entries)
        entries.push_back(keyed(entry.key_loc.offset, compact(entry.key_loc) + ": ", *entry.value));
      return bracketed('{', e.loc.offset, std::move(entries), '}', e.loc.offset + e.loc.length - 1,
                       indent);
    }
    case ExprKind::Call:
      return call(e.as<CallExpr>(), indent, column, suffix);
    case ExprKind::Binary:
    case ExprKind::Ternary:
      return chain(e, indent, column, suffix);
    case ExprKind::Map:
    case ExprKind::Filter: {
      const auto& it = e.as<IterExpr>();
      return *iteration(it, indent, column, false) + " " + block(it.body, indent);
    }
    case ExprKind::Field: {
      const auto& f = e.as<FieldExpr>();
      return operand(*f.object, precedence(*f.object, text_) < kPostfix, indent, column,
                     suffix + 1 + width(f.field)) +
             "." + f.field;
    }
    case ExprKind::Index: {
      const auto& x = e.as<IndexExpr>();
      std::string object =
          operand(*x.object, precedence(*x.object, text_) < kPostfix, indent, column, 1);
      std::size_t newline = object.rfind('\n');
      std::size_t at =
          newline == std::string::npos ? column + width(object) : width(object.substr(newline + 1));
      return object + "[" + layout(*x.index, indent, at + 1, suffix + 1) + "]";
    }
    case ExprKind::Unary: {
      const auto& u = e.as<UnaryExpr>();
      if (u.op == ops::Unary::Not) {
        return "not " + operand(*u.operand, precedence(*u.operand, text_) < kNot, indent,
                                column + 4, suffix);
      }
      auto text = flat(*u.operand);
      bool parens = precedence(*u.operand, text_) < kPrefix || (text && text->front() == '-');
      return "-" + operand(*u.operand, parens, indent, column + 1, suffix);
    }
    case ExprKind::Str: {
      auto text = string_literal(e.as<StrLit>(), indent, false);
      PLUMB_CHECK(text.has_value(), "a string literal always has a layout");
      return *text;
    }
    default: {
      auto text = flat(e);
      PLUMB_CHECK(text.has_value(), "a literal or a name always fits on one line");
      return *text;
    }
  }
}

}  // namespace plumb::format
