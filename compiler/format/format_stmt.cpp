// Statement, block, pipeline and file layout, and the placing of comments: a comment on its
// own line stays before what follows it (or at the end of its block), an end-of-line comment
// stays at the end of its line, at most one blank line is kept between statements and exactly
// one separates top-level declarations (consecutive imports keep theirs, up to one).
#include <algorithm>

#include "compiler/format/formatter_impl.hpp"

namespace plumb::format {

using namespace plumb::ast;

std::string Formatter::compact(const Loc& loc) const {
  std::string_view text = text_.substr(loc.offset, loc.length);
  if (!text.empty() && text.front() == '"') return std::string(text);
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

bool Formatter::has_comment(std::uint32_t begin, std::uint32_t end) const {
  auto it = std::lower_bound(comments_.begin(), comments_.end(), begin,
                             [](const Comment& c, std::uint32_t at) { return c.offset < at; });
  return it != comments_.end() && it->offset < end;
}

bool Formatter::blank_before(std::uint32_t offset) const {
  std::uint32_t line = file_.line_of(offset);
  if (line <= 1) return false;
  std::string_view previous = file_.line_text(line - 1);
  return previous.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string Formatter::own_line_comments(std::uint32_t limit, int indent, bool& first) {
  std::string out;
  while (pending_ < comments_.size() && comments_[pending_].offset < limit) {
    const Comment& c = comments_[pending_++];
    if (!first && blank_before(c.offset)) out += "\n";
    out += spaces(indent) + std::string(c.text) + "\n";
    first = false;
  }
  return out;
}

std::string Formatter::trailing_comment(std::uint32_t end, std::uint32_t limit) {
  if (pending_ >= comments_.size()) return "";
  const Comment& c = comments_[pending_];
  if (c.offset >= limit || !c.after_code || c.line != file_.line_of(end > 0 ? end - 1 : 0)) {
    return "";
  }
  ++pending_;
  return " " + std::string(c.text);
}

std::uint32_t Formatter::start_of(const Stmt& s) const {
  return s.attributes.empty() ? s.loc.offset : s.attributes.front().loc.offset;
}

std::uint32_t Formatter::end_of(const Stmt& s) const {
  auto block_end = [](const Block& b) { return b.loc.offset + b.loc.length; };
  switch (s.kind) {
    case StmtKind::Bind:
      return end_of(*s.as<BindStmt>().value);
    case StmtKind::If:
      return block_end(s.as<IfStmt>().arms.back().body);
    case StmtKind::For:
      return block_end(s.as<ForStmt>().body);
    case StmtKind::While:
      return block_end(s.as<WhileStmt>().body);
    case StmtKind::Yield:
      return end_of(*s.as<YieldStmt>().value);
    case StmtKind::Return: {
      const auto& r = s.as<ReturnStmt>();
      return r.value ? end_of(*r.value) : s.loc.offset + s.loc.length;
    }
    case StmtKind::Expr:
      return end_of(*s.as<ExprStmt>().expr);
  }
  return s.loc.offset + s.loc.length;
}

std::string Formatter::block(const Block& b, int indent) {
  const std::uint32_t close = b.loc.offset + b.loc.length - 1;
  if (b.stmts.empty() && !has_comment(b.loc.offset, close)) return "{}";
  const std::uint32_t first_start = b.stmts.empty() ? close : start_of(*b.stmts.front());
  std::string out = "{" + trailing_comment(b.loc.offset + 1, first_start) + "\n";
  bool first = true;
  for (std::size_t i = 0; i < b.stmts.size(); ++i) {
    const Stmt& s = *b.stmts[i];
    const std::uint32_t start = start_of(s);
    out += own_line_comments(start, indent + 2, first);
    if (!first && blank_before(start)) out += "\n";
    first = false;
    std::string text = statement(s, indent + 2);
    // Comments in places that cannot hold one (inside a string's `${...}`, between the words
    // of a one-line construct) are written before the statement.
    const std::uint32_t end = end_of(s);
    const std::uint32_t next = i + 1 < b.stmts.size() ? start_of(*b.stmts[i + 1]) : close;
    std::string moved;
    while (pending_ < comments_.size() && comments_[pending_].offset < end) {
      moved += spaces(indent + 2) + std::string(comments_[pending_++].text) + "\n";
    }
    out += moved + spaces(indent + 2) + text + trailing_comment(end, next) + "\n";
  }
  out += own_line_comments(close, indent + 2, first);
  return out + spaces(indent) + "}";
}

std::optional<std::string> Formatter::flat_statement(const Stmt& s) {
  if (!s.attributes.empty()) return std::nullopt;
  if (s.kind == StmtKind::Expr) return flat(*s.as<ExprStmt>().expr);
  if (s.kind != StmtKind::Yield) return std::nullopt;
  auto value = flat(*s.as<YieldStmt>().value);
  if (!value) return std::nullopt;
  return "yield " + *value;
}

std::string Formatter::attribute(const Attribute& a, int indent) {
  std::string head = "@" + a.name;
  if (a.args.empty()) return head;
  std::vector<Element> elements = arguments(a.args);
  const std::uint32_t close = a.loc.offset + a.loc.length - 1;
  if (!has_comment(a.loc.offset, close)) {
    auto text = flat_list(elements);
    if (text && fits(static_cast<std::size_t>(indent), head + "(" + *text + ")", 0)) {
      return head + "(" + *text + ")";
    }
  }
  return head + bracketed('(', a.loc.offset, std::move(elements), ')', close, indent);
}

std::string Formatter::statement(const Stmt& s, int indent) {
  std::string out;
  for (std::size_t k = 0; k < s.attributes.size(); ++k) {
    const Attribute& a = s.attributes[k];
    const std::uint32_t next =
        k + 1 < s.attributes.size() ? s.attributes[k + 1].loc.offset : s.loc.offset;
    out += attribute(a, indent) + trailing_comment(a.loc.offset + a.loc.length, next) + "\n" +
           spaces(indent);
  }
  const auto column = static_cast<std::size_t>(indent);
  switch (s.kind) {
    case StmtKind::Bind: {
      const auto& b = s.as<BindStmt>();
      std::string head = (b.is_var_decl ? "var " : "") + b.name + " = ";
      return out + head + layout(*b.value, indent, column + width(head), 0);
    }
    case StmtKind::If: {
      const auto& i = s.as<IfStmt>();
      for (std::size_t k = 0; k < i.arms.size(); ++k) {
        const IfArm& arm = i.arms[k];
        std::string word = k == 0 ? "if " : arm.cond ? " else if " : " else ";
        out += word;
        if (arm.cond) {
          std::size_t at = k == 0 ? column + 3 : column + 1 + width(word);
          out += layout(*arm.cond, indent, at, 2) + " ";
        }
        out += block(arm.body, indent);
      }
      return out;
    }
    case StmtKind::For: {
      const auto& f = s.as<ForStmt>();
      std::string head = "for " + f.var + " in ";
      return out + head + layout(*f.source, indent, column + width(head), 2) + " " +
             block(f.body, indent);
    }
    case StmtKind::While: {
      const auto& w = s.as<WhileStmt>();
      out += "while " + layout(*w.cond, indent, column + 6, 2);
      if (w.max) out += " max " + layout(*w.max, indent, column, 2);
      return out + " " + block(w.body, indent);
    }
    case StmtKind::Yield:
      return out + "yield " + layout(*s.as<YieldStmt>().value, indent, column + 6, 0);
    case StmtKind::Return: {
      const auto& r = s.as<ReturnStmt>();
      if (!r.value) return out + "return";
      return out + "return " + layout(*r.value, indent, column + 7, 0);
    }
    case StmtKind::Expr:
      return out + layout(*s.as<ExprStmt>().expr, indent, column, 0);
  }
  return out;
}

std::string Formatter::pipeline(const Pipeline& p) {
  std::string head = "pipeline " + p.name;
  std::vector<Element> params;
  for (const ast::Param& param : p.params) {
    std::string name = param.name;
    std::uint32_t end = param.loc.offset + param.loc.length;
    if (param.annotation) {
      name += ": " + compact(param.annotation->loc);
      end = param.annotation->loc.offset + param.annotation->loc.length;
    }
    if (param.default_value) {
      params.push_back(keyed(param.loc.offset, name + " = ", *param.default_value));
      continue;
    }
    params.push_back({param.loc.offset, end,
                      [name]() -> std::optional<std::string> { return name; },
                      [name](int, std::size_t, std::size_t) { return name; }});
  }
  std::string result = p.result ? " -> " + compact(p.result->loc) : "";
  const std::uint32_t close = p.body.loc.offset;
  auto flat_params = flat_list(params);
  std::string signature;
  if (flat_params && !has_comment(p.loc.offset, close) &&
      fits(0, head + "(" + *flat_params + ")" + result + " {", 0)) {
    signature = head + "(" + *flat_params + ")";
  } else {
    signature =
        head + bracketed('(', p.loc.offset + p.loc.length, std::move(params), ')', close, 0);
  }
  return signature + result + " " + block(p.body, 0);
}

std::string Formatter::file(const File& f) {
  struct Item {
    std::uint32_t start;
    std::uint32_t end;
    const Import* import;
    const Pipeline* pipeline;
  };
  std::vector<Item> items;
  for (const Import& i : f.imports)
    items.push_back({i.loc.offset, i.loc.offset + i.loc.length, &i, nullptr});
  for (const auto& p : f.pipelines) {
    items.push_back({p->loc.offset, p->body.loc.offset + p->body.loc.length, nullptr, p.get()});
  }
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.start < b.start; });
  enum class Last { Nothing, Comment, Import, Pipeline } last = Last::Nothing;
  std::string out;
  auto comments_before = [&](std::uint32_t limit) {
    while (pending_ < comments_.size() && comments_[pending_].offset < limit) {
      const Comment& c = comments_[pending_++];
      if (last == Last::Pipeline || (last != Last::Nothing && blank_before(c.offset))) out += "\n";
      out += std::string(c.text) + "\n";
      last = Last::Comment;
    }
  };
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& item = items[k];
    comments_before(item.start);
    const bool blank = last == Last::Pipeline || (last == Last::Import && item.pipeline) ||
                       (last != Last::Nothing && blank_before(item.start));
    if (blank) out += "\n";
    std::string text =
        item.import ? "import " + compact(item.import->loc) : pipeline(*item.pipeline);
    const auto next =
        k + 1 < items.size() ? items[k + 1].start : static_cast<std::uint32_t>(text_.size());
    out += text + trailing_comment(item.end, next) + "\n";
    last = item.import ? Last::Import : Last::Pipeline;
  }
  comments_before(static_cast<std::uint32_t>(text_.size()));
  return out;
}

}  // namespace plumb::format
