// The broken layouts shared by several kinds of expression: operator chains broken after each
// operator, calls (the last argument hugged when it is a record, a map or a filter),
// bracketed lists of elements one a line with a trailing comma, string literals (their text
// kept as written, their interpolations formatted) and the head of a map or filter.
#include "compiler/format/formatter_impl.hpp"

namespace plumb::format {

using namespace plumb::ast;

namespace {

struct Link {
  const Expr* part;
  bool parens;
  std::string separator;  // written after the part: ` +`, ` ?`, ... (none after the last)
};

}  // namespace

std::string Formatter::chain(const Expr& e, int indent, std::size_t column, std::size_t suffix) {
  std::vector<Link> links;
  if (e.kind == ExprKind::Ternary) {
    const auto& t = e.as<TernaryExpr>();
    links = {{t.cond.get(), t.cond->kind == ExprKind::Ternary, " ?"},
             {t.then_value.get(), t.then_value->kind == ExprKind::Ternary, " :"},
             {t.else_value.get(), false, ""}};
  } else {
    const int level = precedence(e.as<BinaryExpr>().op);
    std::vector<const BinaryExpr*> ops;
    const Expr* first = &e;
    // Comparisons do not chain: a comparison's left operand is never one of the chain.
    while (first->kind == ExprKind::Binary && precedence(first->as<BinaryExpr>().op) == level &&
           (level != kCompare || ops.empty())) {
      ops.push_back(&first->as<BinaryExpr>());
      first = first->as<BinaryExpr>().lhs.get();
    }
    links.push_back({first, left_needs_parens(*first, level, text_), ""});
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
      links.back().separator = " " + std::string(ops::spelling((*it)->op));
      links.push_back({(*it)->rhs.get(), precedence(*(*it)->rhs, text_) <= level, ""});
    }
  }
  std::string out;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const Link& link = links[i];
    const std::size_t after = i + 1 == links.size() ? suffix : link.separator.size();
    if (i == 0) {
      out += operand(*link.part, link.parens, indent, column, after) + link.separator;
      continue;
    }
    out += trailing_comment(end_of(*links[i - 1].part), link.part->loc.offset) + "\n";
    bool first = true;
    out += own_line_comments(link.part->loc.offset, indent + 4, first);
    out += spaces(indent + 4) + operand(*link.part, link.parens, indent + 4, indent + 4, after) +
           link.separator;
  }
  return out;
}

std::string Formatter::call(const CallExpr& c, int indent, std::size_t column, std::size_t suffix) {
  std::vector<Element> elements = arguments(c.args);
  if (!c.args.empty()) {
    const Arg& last = c.args.back();
    ExprKind kind = last.value->kind;
    bool huggable = kind == ExprKind::Record || kind == ExprKind::Map || kind == ExprKind::Filter;
    if (huggable && !has_comment(c.loc.offset, last.value->loc.offset)) {
      std::vector<Element> others(elements.begin(), elements.end() - 1);
      auto head = flat_list(others);
      if (head) {
        std::string open = c.callee + "(" + *head + (others.empty() ? "" : ", ") +
                           (last.keyword.empty() ? "" : last.keyword + ": ");
        if (fits(column, open, 2)) {
          return open + layout(*last.value, indent, column + width(open), suffix + 1) + ")";
        }
      }
    }
  }
  return c.callee + bracketed('(', c.callee_loc.offset + c.callee_loc.length, std::move(elements),
                              ')', c.loc.offset + c.loc.length - 1, indent);
}

std::string Formatter::bracketed(char open, std::uint32_t from, std::vector<Element> elements,
                                 char close, std::uint32_t close_offset, int indent) {
  std::uint32_t open_offset = from;
  while (open_offset < close_offset && text_[open_offset] != open) {
    if (text_[open_offset] == '#') {
      while (open_offset < close_offset && text_[open_offset] != '\n')
        ++open_offset;
    }
    ++open_offset;
  }
  const std::uint32_t first_start = elements.empty() ? close_offset : elements.front().start;
  std::string out = open + trailing_comment(open_offset + 1, first_start) + "\n";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Element& element = elements[i];
    bool first = true;
    out += own_line_comments(element.start, indent + 2, first);
    out += spaces(indent + 2) + element.layout(indent + 2, indent + 2, 1) + ",";
    std::uint32_t next = i + 1 < elements.size() ? elements[i + 1].start : close_offset;
    out += trailing_comment(element.end, next) + "\n";
  }
  bool first = true;
  out += own_line_comments(close_offset, indent + 2, first);
  return out + spaces(indent) + close;
}

std::vector<Element> Formatter::arguments(const std::vector<Arg>& args) {
  std::vector<Element> elements;
  for (const Arg& a : args)
    elements.push_back(element(a));
  return elements;
}

Element Formatter::element(const Arg& a) {
  return keyed(a.loc.offset, a.keyword.empty() ? "" : a.keyword + ": ", *a.value);
}

Element Formatter::keyed(std::uint32_t start, std::string key, const Expr& value) {
  const Expr* v = &value;
  return {start, end_of(value),
          [this, v, key]() -> std::optional<std::string> {
            auto text = flat(*v);
            if (!text) return std::nullopt;
            return key + *text;
          },
          [this, v, key](int indent, std::size_t column, std::size_t suffix) {
            return key + layout(*v, indent, column + width(key), suffix);
          }};
}

std::optional<std::string> Formatter::flat_list(const std::vector<Element>& elements) {
  std::string out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    auto text = elements[i].flat();
    if (!text) return std::nullopt;
    out += (i ? ", " : "") + *text;
  }
  return out;
}

std::optional<std::string> Formatter::string_literal(const StrLit& s, int indent, bool flat_only) {
  std::uint32_t pos = s.loc.offset + 1;
  std::string out = "\"";
  std::size_t part = 0;
  while (pos < text_.size()) {
    char c = text_[pos];
    if (c == '\\') {
      out.append(text_.substr(pos, 2));
      pos += 2;
    } else if (c == '"') {
      return out + '"';
    } else if (c == '$' && pos + 1 < text_.size() && text_[pos + 1] == '{') {
      while (part < s.parts.size() && !s.parts[part].expr)
        ++part;
      PLUMB_CHECK(part < s.parts.size(), "an interpolation of the source is in the literal");
      const Expr& value = *s.parts[part++].expr;
      auto text = flat(value);
      if (!text && flat_only) return std::nullopt;
      out += "${" + (text ? *text : layout(value, indent, indent, 0)) + "}";
      pos = interpolation_end(text_, pos + 2) + 1;
    } else {
      out += c;
      ++pos;
    }
  }
  PLUMB_CHECK(false, "a string literal of a parsed file is closed");
  return std::nullopt;
}

std::optional<std::string> Formatter::iteration(const IterExpr& it, int indent, std::size_t column,
                                                bool flat_only) {
  std::string head = (it.kind == ExprKind::Map ? "map " : "filter ") + it.var + " in ";
  auto source = flat(*it.source);
  if (!source && flat_only) return std::nullopt;
  head += source && (flat_only || fits(column + width(head), *source, 2))
              ? *source
              : layout(*it.source, indent, column + width(head), 2);
  for (const Arg& option : it.options) {
    auto value = flat(*option.value);
    if (!value && flat_only) return std::nullopt;
    head += ", " + option.keyword + ": " + (value ? *value : layout(*option.value, indent, 0, 2));
  }
  return head;
}

}  // namespace plumb::format
