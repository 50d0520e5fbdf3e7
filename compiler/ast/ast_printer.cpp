// The AST printer. Each line: indentation, a node word, its details, then `<line:col>`.
#include "compiler/ast/ast_printer.hpp"

#include <charconv>
#include <ostream>

#include <plumb/json.hpp>

namespace plumb::ast {
namespace {

// Text as a JSON string literal, the one escaping plumb writes quoted text with.
std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string number_text(double value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";
  return text;
}

class Printer {
 public:
  explicit Printer(std::ostream& out) : out_(out) {}

  void file(const File& f) {
    out_ << "file " << quoted(f.source->path()) << '\n';
    for (const Import& import : f.imports) {
      line(1, "import " + quoted(import.path), import.loc);
    }
    for (const auto& p : f.pipelines)
      pipeline(*p);
  }

 private:
  void line(int depth, const std::string& text, const Loc& loc) {
    out_ << std::string(static_cast<std::size_t>(depth) * 2, ' ') << text << " <" << loc.line << ':'
         << loc.col << ">\n";
  }

  void pipeline(const Pipeline& p) {
    line(1, "pipeline " + p.name, p.loc);
    for (const Param& param : p.params) {
      std::string text = "param " + param.name;
      if (param.annotation) text += ": " + param.annotation->type.to_string();
      line(2, text, param.loc);
      if (param.default_value) expr(3, *param.default_value);
    }
    if (p.result) line(2, "returns " + p.result->type.to_string(), p.result->loc);
    block(2, p.body);
  }

  void block(int depth, const Block& b) {
    line(depth, "block", b.loc);
    for (const auto& s : b.stmts)
      stmt(depth + 1, *s);
  }

  void args(int depth, const std::vector<Arg>& arguments) {
    for (const Arg& a : arguments) {
      if (a.keyword.empty()) {
        expr(depth, *a.value);
      } else {
        line(depth, "arg " + a.keyword, a.loc);
        expr(depth + 1, *a.value);
      }
    }
  }

  void stmt(int depth, const Stmt& s) {
    for (const Attribute& a : s.attributes) {
      line(depth, "@" + a.name, a.loc);
      args(depth + 1, a.args);
    }
    switch (s.kind) {
      case StmtKind::Bind: {
        const auto& b = s.as<BindStmt>();
        line(depth, (b.is_var_decl ? "var " : "bind ") + b.name, b.name_loc);
        expr(depth + 1, *b.value);
        break;
      }
      case StmtKind::If: {
        const auto& i = s.as<IfStmt>();
        line(depth, "if", i.loc);
        for (const IfArm& arm : i.arms) {
          line(depth + 1, arm.cond ? "arm" : "else", arm.loc);
          if (arm.cond) expr(depth + 2, *arm.cond);
          block(depth + 2, arm.body);
        }
        break;
      }
      case StmtKind::For: {
        const auto& f = s.as<ForStmt>();
        line(depth, "for " + f.var, f.loc);
        expr(depth + 1, *f.source);
        block(depth + 1, f.body);
        break;
      }
      case StmtKind::While: {
        const auto& w = s.as<WhileStmt>();
        line(depth, "while", w.loc);
        expr(depth + 1, *w.cond);
        if (w.max) {
          line(depth + 1, "max", w.max->loc);
          expr(depth + 2, *w.max);
        }
        block(depth + 1, w.body);
        break;
      }
      case StmtKind::Yield:
        line(depth, "yield", s.loc);
        expr(depth + 1, *s.as<YieldStmt>().value);
        break;
      case StmtKind::Return:
        line(depth, "return", s.loc);
        if (s.as<ReturnStmt>().value) expr(depth + 1, *s.as<ReturnStmt>().value);
        break;
      case StmtKind::Expr:
        line(depth, "expr", s.loc);
        expr(depth + 1, *s.as<ExprStmt>().expr);
        break;
    }
  }

  void expr(int depth, const Expr& e) {
    switch (e.kind) {
      case ExprKind::Int:
        line(depth, "int " + std::to_string(e.as<IntLit>().value), e.loc);
        break;
      case ExprKind::Float: {
        const auto& f = e.as<FloatLit>();
        line(depth, (f.is_duration ? "duration " : "float ") + number_text(f.value), e.loc);
        break;
      }
      case ExprKind::Bool:
        line(depth, e.as<BoolLit>().value ? "bool true" : "bool false", e.loc);
        break;
      case ExprKind::Null:
        line(depth, "null", e.loc);
        break;
      case ExprKind::Invalid:
        line(depth, "invalid", e.loc);
        break;
      case ExprKind::Str: {
        const auto& s = e.as<StrLit>();
        if (s.is_plain() || s.is_empty()) {
          line(depth, "str " + quoted(s.plain_text()), e.loc);
          break;
        }
        line(depth, "str", e.loc);
        for (const StrPart& part : s.parts) {
          if (part.expr) {
            expr(depth + 1, *part.expr);
          } else {
            out_ << std::string(static_cast<std::size_t>(depth + 1) * 2, ' ') << "text "
                 << quoted(part.text) << '\n';
          }
        }
        break;
      }
      case ExprKind::List:
        line(depth, "list", e.loc);
        for (const auto& item : e.as<ListLit>().items)
          expr(depth + 1, *item);
        break;
      case ExprKind::Record:
        line(depth, "record", e.loc);
        for (const RecordEntry& entry : e.as<RecordLit>().entries) {
          line(depth + 1, "key " + entry.key, entry.key_loc);
          expr(depth + 2, *entry.value);
        }
        break;
      case ExprKind::Name:
        line(depth, "name " + e.as<NameExpr>().name, e.loc);
        break;
      case ExprKind::Field:
        line(depth, "field " + e.as<FieldExpr>().field, e.as<FieldExpr>().field_loc);
        expr(depth + 1, *e.as<FieldExpr>().object);
        break;
      case ExprKind::Index:
        line(depth, "index", e.loc);
        expr(depth + 1, *e.as<IndexExpr>().object);
        expr(depth + 1, *e.as<IndexExpr>().index);
        break;
      case ExprKind::Call:
        line(depth, "call " + e.as<CallExpr>().callee, e.loc);
        args(depth + 1, e.as<CallExpr>().args);
        break;
      case ExprKind::Unary:
        line(depth, "unary " + std::string(ops::spelling(e.as<UnaryExpr>().op)), e.loc);
        expr(depth + 1, *e.as<UnaryExpr>().operand);
        break;
      case ExprKind::Binary:
        line(depth, "binary " + std::string(ops::spelling(e.as<BinaryExpr>().op)),
             e.as<BinaryExpr>().op_loc);
        expr(depth + 1, *e.as<BinaryExpr>().lhs);
        expr(depth + 1, *e.as<BinaryExpr>().rhs);
        break;
      case ExprKind::Ternary:
        line(depth, "ternary", e.loc);
        expr(depth + 1, *e.as<TernaryExpr>().cond);
        expr(depth + 1, *e.as<TernaryExpr>().then_value);
        expr(depth + 1, *e.as<TernaryExpr>().else_value);
        break;
      case ExprKind::Map:
      case ExprKind::Filter: {
        const auto& it = e.as<IterExpr>();
        line(depth, (e.kind == ExprKind::Map ? "map " : "filter ") + it.var, e.loc);
        expr(depth + 1, *it.source);
        for (const Arg& option : it.options) {
          line(depth + 1, "option " + option.keyword, option.loc);
          expr(depth + 2, *option.value);
        }
        block(depth + 1, it.body);
        break;
      }
    }
  }

  std::ostream& out_;
};

}  // namespace

void print(std::ostream& out, const File& file) {
  Printer(out).file(file);
}

}  // namespace plumb::ast
