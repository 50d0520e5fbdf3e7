// textDocument/hover: a stage's signature, purity and documentation; a built-in function's;
// a pipeline's signature; a binding's inferred type; an attribute's meaning; an import's file.
#include <plumb/json.hpp>

#include "base/stage/signature_text.hpp"
#include "base/value/builtins.hpp"
#include "compiler/check/attribute_table.hpp"
#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"

namespace plumb::lsp {

namespace {

std::string code_block(const std::string& code) {
  return "```plumb\n" + code + "\n```";
}

const char* binding_kind_text(ast::BindingKind kind) {
  switch (kind) {
    case ast::BindingKind::Param:
      return "parameter";
    case ast::BindingKind::Let:
      return "binding";
    case ast::BindingKind::Var:
      return "`var` binding";
    case ast::BindingKind::LoopItem:
      return "`for` item";
    case ast::BindingKind::MapItem:
      return "`map`/`filter` item";
  }
  return "binding";
}

std::string attribute_markdown(const check::AttributeDef& def) {
  std::string text = code_block(std::string(def.syntax)) + "\n\nattribute; applies to " +
                     check::applies_to_text(def) + "\n\n" + std::string(def.arguments);
  if (!def.details.empty()) text += "\n\n" + std::string(def.details);
  return text;
}

std::string pipeline_markdown(const ast::Pipeline& pipeline) {
  return code_block(pipeline_signature(pipeline)) + "\n\n" +
         std::string(purity_name(pipeline.effect)) + " pipeline";
}

nlohmann::json answer(const Document& document, const diag::Loc& loc, const std::string& markdown) {
  return {{"contents", {{"kind", "markdown"}, {"value", markdown}}},
          {"range", range_json(document.text, document.lines, loc.offset, loc.length)}};
}

}  // namespace

std::string stage_markdown(const StageDef& stage) {
  const StageSignature& s = stage.signature;
  std::string text =
      code_block(signature_text(s)) + "\n\n" + std::string(purity_name(s.purity)) + " stage";
  if (!s.summary.empty()) text += "\n\n" + s.summary;
  for (const Param& p : s.params) {
    text += "\n- `" + p.name + "`";
    if (!p.doc.empty()) text += ": " + p.doc;
  }
  return text;
}

std::string builtin_markdown(int builtin) {
  const builtins::Builtin& b = builtins::get(builtin);
  return code_block(std::string(b.signature)) + "\n\nbuilt-in function\n\n" +
         std::string(b.summary);
}

std::string pipeline_signature(const ast::Pipeline& pipeline) {
  std::string text = "pipeline " + pipeline.name + "(";
  for (std::size_t i = 0; i < pipeline.params.size(); ++i) {
    const ast::Param& p = pipeline.params[i];
    text += (i ? ", " : "") + p.name;
    if (p.binding) {
      text += ": " + p.binding->type.to_string();
    } else if (p.annotation) {
      text += ": " + p.annotation->type.to_string();
    }
    if (p.default_constant) text += " = " + to_json(*p.default_constant);
  }
  return text + ") -> " + pipeline.result_type.to_string();
}

nlohmann::json hover(const Document& document, const Analysed& analysed, std::uint32_t offset,
                     const StageRegistry& registry) {
  (void)registry;
  if (!analysed.program) return nullptr;
  if (const ast::CallExpr* call = callee_at(analysed, offset)) {
    switch (call->target) {
      case ast::CallTargetKind::Stage:
        return answer(document, call->callee_loc, stage_markdown(*call->stage));
      case ast::CallTargetKind::Builtin:
        return answer(document, call->callee_loc, builtin_markdown(call->builtin));
      case ast::CallTargetKind::Pipeline:
        return answer(document, call->callee_loc, pipeline_markdown(*call->pipeline));
      case ast::CallTargetKind::Unresolved:
        return nullptr;
    }
  }
  for (const ast::Pipeline* pipeline : visible_pipelines(analysed)) {
    if (touches(analysed, pipeline->loc, offset)) {
      return answer(document, pipeline->loc, pipeline_markdown(*pipeline));
    }
  }
  if (const auto* reference = reference_at(analysed, offset)) {
    const ast::Binding& b = *reference->binding;
    return answer(
        document, reference->loc,
        code_block(b.name + ": " + b.type.to_string()) + "\n\n" + binding_kind_text(b.kind));
  }
  if (const ast::Attribute* attribute = attribute_at(analysed, offset)) {
    const check::AttributeDef* def = check::find_attribute(attribute->name);
    if (!def) return nullptr;
    diag::Loc name = attribute->loc;
    name.length = static_cast<std::uint32_t>(attribute->name.size()) + 1;
    return answer(document, name, attribute_markdown(*def));
  }
  if (const ast::Import* import = import_at(analysed, offset)) {
    if (!import->resolved || !import->resolved->source) return nullptr;
    return answer(document, import->loc, "imports `" + import->resolved->source->path() + "`");
  }
  return nullptr;
}

}  // namespace plumb::lsp
