// Position queries over a check's analysis (lookup.hpp). The analysis is a few flat lists, so
// each query is a scan: a 1,000-line file has a few thousand entries.
#include "compiler/lsp/lookup.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "compiler/lsp/uri.hpp"

namespace plumb::lsp {

bool touches(const Analysed& analysed, const diag::Loc& loc, std::uint32_t offset) {
  return loc.file == analysed.entry->id() && offset >= loc.offset &&
         offset <= loc.offset + loc.length;
}

nlohmann::json location_json(const Document& document, const Analysed& analysed,
                             const diag::Loc& loc) {
  const diag::SourceFile& file = analysed.sources.file(loc.file);
  const bool own = loc.file == analysed.entry->id();
  return {{"uri", own ? document.uri : uri_from_path(file.path())},
          {"range", range_json(file, loc)}};
}

const check::Analysis::Reference* reference_at(const Analysed& analysed, std::uint32_t offset) {
  for (const auto& reference : analysed.analysis.references) {
    if (touches(analysed, reference.loc, offset)) return &reference;
  }
  return nullptr;
}

const ast::CallExpr* callee_at(const Analysed& analysed, std::uint32_t offset) {
  for (const ast::CallExpr* call : analysed.analysis.calls) {
    if (touches(analysed, call->callee_loc, offset)) return call;
  }
  return nullptr;
}

const ast::Attribute* attribute_at(const Analysed& analysed, std::uint32_t offset) {
  for (const ast::Attribute* attribute : analysed.analysis.attributes) {
    // The attribute's location covers `@name`.
    diag::Loc name = attribute->loc;
    name.length = static_cast<std::uint32_t>(attribute->name.size()) + 1;
    if (touches(analysed, name, offset)) return attribute;
  }
  return nullptr;
}

const ast::Import* import_at(const Analysed& analysed, std::uint32_t offset) {
  if (!analysed.program) return nullptr;
  for (const ast::Import& import : analysed.program->entry_file().imports) {
    if (touches(analysed, import.loc, offset)) return &import;
  }
  return nullptr;
}

std::vector<const check::Analysis::Reference*> references_to(const Analysed& analysed,
                                                             const ast::Binding& binding) {
  std::vector<const check::Analysis::Reference*> found;
  for (const auto& reference : analysed.analysis.references) {
    if (reference.binding == &binding) found.push_back(&reference);
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
    if (a->is_definition != b->is_definition) return a->is_definition;
    return a->loc.offset < b->loc.offset;
  });
  return found;
}

std::vector<const ast::CallExpr*> calls_of(const Analysed& analysed,
                                           const ast::Pipeline& pipeline) {
  std::vector<const ast::CallExpr*> found;
  for (const ast::CallExpr* call : analysed.analysis.calls) {
    if (call->pipeline == &pipeline && call->callee_loc.file == analysed.entry->id()) {
      found.push_back(call);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto* a, const auto* b) {
    return a->callee_loc.offset < b->callee_loc.offset;
  });
  return found;
}

namespace {

std::uint32_t end_of(const diag::Loc& loc) {
  return loc.offset + loc.length;
}

// The end of the last piece of source an expression covers (an expression's own location is
// its operator or keyword, not its extent).
std::uint32_t end_of(const ast::Expr& e) {
  std::uint32_t end = end_of(e.loc);
  auto child = [&end](const ast::Expr* c) {
    if (c) end = std::max(end, end_of(*c));
  };
  switch (e.kind) {
    case ast::ExprKind::Str:
      for (const ast::StrPart& part : e.as<ast::StrLit>().parts)
        child(part.expr.get());
      break;
    case ast::ExprKind::List:
      for (const auto& item : e.as<ast::ListLit>().items)
        child(item.get());
      break;
    case ast::ExprKind::Record:
      for (const auto& entry : e.as<ast::RecordLit>().entries)
        child(entry.value.get());
      break;
    case ast::ExprKind::Field:
      child(e.as<ast::FieldExpr>().object.get());
      end = std::max(end, end_of(e.as<ast::FieldExpr>().field_loc));
      break;
    case ast::ExprKind::Index:
      child(e.as<ast::IndexExpr>().object.get());
      child(e.as<ast::IndexExpr>().index.get());
      break;
    case ast::ExprKind::Call:
      for (const ast::Arg& arg : e.as<ast::CallExpr>().args)
        child(arg.value.get());
      break;
    case ast::ExprKind::Unary:
      child(e.as<ast::UnaryExpr>().operand.get());
      break;
    case ast::ExprKind::Binary:
      child(e.as<ast::BinaryExpr>().lhs.get());
      child(e.as<ast::BinaryExpr>().rhs.get());
      break;
    case ast::ExprKind::Ternary:
      child(e.as<ast::TernaryExpr>().else_value.get());
      break;
    case ast::ExprKind::Map:
    case ast::ExprKind::Filter:
      end = std::max(end, end_of(e.as<ast::IterExpr>().body.loc));
      break;
    default:
      break;
  }
  return end;
}

// Where a binding becomes visible: after its value (`x = map i in x {...}` cannot see the `x`
// it binds), or after its name for a parameter or an item.
std::uint32_t visible_from(const ast::Binding& binding) {
  return binding.decl ? end_of(*binding.decl->value) : end_of(binding.loc);
}

}  // namespace

std::vector<const ast::Binding*> bindings_at(const Analysed& analysed, std::uint32_t offset) {
  std::vector<const check::Analysis::Scope*> around;
  for (const auto& scope : analysed.analysis.scopes) {
    if (touches(analysed, scope.range, offset)) around.push_back(&scope);
  }
  // Inner blocks start later and end sooner: the narrowest first.
  std::sort(around.begin(), around.end(),
            [](const auto* a, const auto* b) { return a->range.length < b->range.length; });
  std::vector<const ast::Binding*> visible;
  std::set<std::string> names;
  for (const auto* scope : around) {
    for (const ast::Binding* binding : scope->bindings) {
      if (visible_from(*binding) <= offset && names.insert(binding->name).second) {
        visible.push_back(binding);
      }
    }
  }
  return visible;
}

std::vector<const ast::Pipeline*> visible_pipelines(const Analysed& analysed) {
  std::vector<const ast::Pipeline*> pipelines;
  if (!analysed.program) return pipelines;
  const ast::File& entry = analysed.program->entry_file();
  for (const auto& pipeline : entry.pipelines)
    pipelines.push_back(pipeline.get());
  for (const ast::Import& import : entry.imports) {
    if (!import.resolved) continue;
    for (const auto& pipeline : import.resolved->pipelines)
      pipelines.push_back(pipeline.get());
  }
  return pipelines;
}

}  // namespace plumb::lsp
