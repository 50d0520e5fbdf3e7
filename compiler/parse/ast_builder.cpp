// Files, pipelines, statements and type annotations of the parse tree → AST conversion, and
// the location and height helpers shared with ast_builder_expr.cpp.
#include "compiler/parse/ast_builder.hpp"

#include <algorithm>

#include "compiler/parse/node_kind.hpp"

namespace plumb::parse {

using namespace plumb::ast;

std::unique_ptr<File> AstBuilder::build(const ParseNode& root) {
  auto result = std::make_unique<File>();
  result->source = &file_;
  const ParseNode& file_node = *root.children.at(0);  // the root holds the `file` rule's node
  for (const auto& child : file_node.children) {
    if (kind_of(*child) == N::import_decl) {
      const ParseNode& path = *child->children.at(0);
      if (auto text = plain_string(path, "an import path")) {
        result->imports.push_back(Import{std::move(*text), loc(path), nullptr});
      }
    } else {
      result->pipelines.push_back(pipeline(*child));
      result->pipelines.back()->file = result.get();
    }
  }
  if (result->pipelines.empty()) {
    report(diag::Kind::NoPipeline, file_.loc(0, 1), "file defines no pipeline");
  }
  return result;
}

Loc AstBuilder::loc(const ParseNode& node) const {
  return file_.loc(static_cast<std::uint32_t>(node.m_begin.byte),
                   static_cast<std::uint32_t>(node.m_end.byte - node.m_begin.byte),
                   static_cast<std::uint32_t>(node.m_begin.line));
}

Loc AstBuilder::span(Loc first, Loc last) const {
  std::uint32_t end = std::max(first.offset + first.length, last.offset + last.length);
  Loc result = first;
  result.length = end - first.offset;
  return result;
}

Loc AstBuilder::keyword_loc(const ParseNode& node, std::uint32_t length) const {
  std::string_view text = file_.text();
  auto offset = static_cast<std::uint32_t>(node.m_begin.byte);
  while (offset < text.size()) {
    char c = text[offset];
    if (c == '#') {
      while (offset < text.size() && text[offset] != '\n')
        ++offset;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++offset;
    } else {
      break;
    }
  }
  return file_.loc(offset, length);
}

void AstBuilder::report(diag::Kind kind, Loc where, std::string message) {
  diags_.report(kind, where, std::move(message));
}

ExprPtr AstBuilder::finish(ExprPtr node, std::initializer_list<std::uint32_t> child_heights) {
  std::uint32_t height = 1;
  for (std::uint32_t h : child_heights)
    height = std::max(height, h + 1);
  node->height = height;
  if (height <= kMaxAstHeight) return node;
  if (!reported_depth_) {
    report(diag::Kind::NestingTooDeep, node->loc,
           "expression is nested deeper than " + std::to_string(kMaxAstHeight) + " levels");
    reported_depth_ = true;
  }
  return invalid(node->loc);
}

ExprPtr AstBuilder::invalid(Loc where) {
  auto node = std::make_unique<InvalidExpr>(where);
  node->type = Type::error();
  return node;
}

Block AstBuilder::block(const ParseNode& node) {
  Block result;
  result.loc = loc(node);
  for (const auto& child : node.children) {
    result.stmts.push_back(statement(*child));
    result.height = std::max(result.height, result.stmts.back()->height + 1);
  }
  return result;
}

StmtPtr AstBuilder::statement(const ParseNode& node) {
  std::vector<Attribute> attributes;
  for (std::size_t i = 0; i + 1 < node.children.size(); ++i) {
    const ParseNode& attr = *node.children[i];
    Attribute attribute{attr.children.at(0)->string(), loc(attr), {}};
    if (attr.children.size() > 1) attribute.args = arguments(*attr.children[1]);
    attributes.push_back(std::move(attribute));
  }
  StmtPtr stmt = statement_body(*node.children.back());
  stmt->attributes = std::move(attributes);
  return stmt;
}

StmtPtr AstBuilder::statement_body(const ParseNode& node) {
  const auto& kids = node.children;
  StmtPtr stmt;
  std::uint32_t height = 0;
  switch (kind_of(node)) {
    case N::var_decl:
    case N::assignment: {
      auto value = expr(*kids.at(1));
      height = value->height;
      Loc name_loc = loc(*kids[0]);
      stmt = std::make_unique<BindStmt>(
          kind_of(node) == N::var_decl ? keyword_loc(node, 3) : name_loc,
          kind_of(node) == N::var_decl, kids[0]->string(), name_loc, std::move(value));
      break;
    }
    case N::if_stmt:
      return if_statement(node);
    case N::for_stmt: {
      auto loop = std::make_unique<ForStmt>(keyword_loc(node, 3));
      loop->var = kids.at(0)->string();
      loop->var_loc = loc(*kids[0]);
      loop->source = expr(*kids.at(1));
      loop->body = block(*kids.at(2));
      height = std::max(loop->source->height, loop->body.height);
      stmt = std::move(loop);
      break;
    }
    case N::while_stmt: {
      auto loop = std::make_unique<WhileStmt>(keyword_loc(node, 5));
      loop->cond = expr(*kids.at(0));
      height = loop->cond->height;
      if (kids.size() == 3) {
        loop->max = expr(*kids[1]->children.at(0));
        height = std::max(height, loop->max->height);
      }
      loop->body = block(*kids.back());
      height = std::max(height, loop->body.height);
      stmt = std::move(loop);
      break;
    }
    case N::yield_stmt: {
      auto value = expr(*kids.at(0));
      height = value->height;
      stmt = std::make_unique<YieldStmt>(keyword_loc(node, 5), std::move(value));
      break;
    }
    case N::return_stmt: {
      ExprPtr value = kids.empty() ? nullptr : expr(*kids[0]);
      height = value ? value->height : 0;
      stmt = std::make_unique<ReturnStmt>(keyword_loc(node, 6), std::move(value));
      break;
    }
    default: {  // expr_stmt
      auto value = expr(*kids.at(0));
      height = value->height;
      Loc where = value->loc;
      stmt = std::make_unique<ExprStmt>(where, std::move(value));
    }
  }
  stmt->height = height + 1;
  return stmt;
}

StmtPtr AstBuilder::if_statement(const ParseNode& node) {
  auto stmt = std::make_unique<IfStmt>(keyword_loc(node, 2));
  const auto& kids = node.children;
  std::uint32_t height = 0;
  // Arm k runs inside the `else` of arm k - 1 (lowering nests them), so it is k levels deeper.
  auto add_arm = [&](Loc where, const ParseNode* cond, const ParseNode& body) {
    IfArm arm{where, cond ? expr(*cond) : nullptr, block(body)};
    const auto depth = static_cast<std::uint32_t>(stmt->arms.size());
    height =
        std::max({height, depth + (arm.cond ? arm.cond->height : 0u), depth + arm.body.height});
    stmt->arms.push_back(std::move(arm));
  };
  add_arm(stmt->loc, kids.at(0).get(), *kids.at(1));
  for (std::size_t i = 2; i < kids.size(); ++i) {
    const ParseNode& arm = *kids[i];
    if (kind_of(arm) == N::else_if_arm) {
      add_arm(keyword_loc(arm, 4), arm.children.at(0).get(), *arm.children.at(1));
    } else {
      add_arm(keyword_loc(arm, 4), nullptr, *arm.children.at(0));
    }
  }
  stmt->height = height + 1;
  return stmt;
}

std::optional<Type> AstBuilder::type(const ParseNode& node) {
  const ParseNode& name_node = *node.children.at(0);
  std::string name = name_node.string();
  const ParseNode* argument = nullptr;
  bool nullable = false;
  for (std::size_t i = 1; i < node.children.size(); ++i) {
    if (kind_of(*node.children[i]) == N::type_expr) argument = node.children[i].get();
    if (kind_of(*node.children[i]) == N::nullable_mark) nullable = true;
  }
  std::optional<Type> base;
  if (name == "list") {
    base = Type::list(Type::any());
    if (argument) {
      auto element = type(*argument);
      if (!element) return std::nullopt;
      base = Type::list(*element);
    }
  } else {
    static const std::pair<const char*, Type (*)()> kScalars[] = {
        {"int", Type::integer},  {"float", Type::number}, {"str", Type::string},
        {"bool", Type::boolean}, {"any", Type::any},      {"null", Type::null}};
    for (const auto& [spelling, make] : kScalars) {
      if (name == spelling) base = make();
    }
    if (name == "record") base = Type::record();
    if (!base) {
      report(diag::Kind::UnknownType, loc(name_node),
             "unknown type " + diag::code(name) +
                 "; the types are `int`, `float`, `str`, `bool`, `any`, `null`, `list[T]`, "
                 "`record` and `T?`");
      return std::nullopt;
    }
    if (argument) {
      report(diag::Kind::UnknownType, loc(*argument),
             "only `list` takes a type argument, not " + diag::code(name));
      return std::nullopt;
    }
  }
  return nullable ? Type::nullable(*base) : *base;
}

std::optional<TypeAnnotation> AstBuilder::type_annotation(const ParseNode& node) {
  auto resolved = type(node);
  if (!resolved) return TypeAnnotation{loc(node), Type::error()};
  return TypeAnnotation{loc(node), *resolved};
}

std::unique_ptr<Pipeline> AstBuilder::pipeline(const ParseNode& node) {
  auto result = std::make_unique<Pipeline>();
  const auto& kids = node.children;
  result->name = kids.at(0)->string();
  result->loc = loc(*kids[0]);
  for (std::size_t i = 1; i + 1 < kids.size(); ++i) {
    const ParseNode& child = *kids[i];
    if (kind_of(child) == N::result_type) {
      result->result = type_annotation(*child.children.at(0));
      continue;
    }
    ast::Param param;
    param.name = child.children.at(0)->string();
    param.loc = loc(*child.children[0]);
    for (std::size_t k = 1; k < child.children.size(); ++k) {
      const ParseNode& part = *child.children[k];
      if (kind_of(part) == N::type_expr) {
        param.annotation = type_annotation(part);
      } else {
        param.default_value = expr(*part.children.at(0));
      }
    }
    auto first = std::find_if(result->params.begin(), result->params.end(),
                              [&](const ast::Param& p) { return p.name == param.name; });
    if (first != result->params.end()) {
      auto& d = diags_.report(diag::Kind::DuplicateParameter, param.loc,
                              "parameter " + diag::code(param.name) + " is declared twice");
      d.notes.push_back({first->loc, "first declared here"});
      continue;
    }
    result->params.push_back(std::move(param));
  }
  result->body = block(*kids.back());
  return result;
}

}  // namespace plumb::parse
