// textDocument/definition and textDocument/references: a binding's definition and uses, a
// pipeline's definition (in this file or an imported one) and its calls, an import's file.
#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"
#include "compiler/lsp/uri.hpp"

namespace plumb::lsp {

namespace {

// Where `pipeline` is defined: the name after `pipeline`.
nlohmann::json pipeline_location(const Document& document, const Analysed& analysed,
                                 const ast::Pipeline& pipeline) {
  return location_json(document, analysed, pipeline.loc);
}

// The pipeline whose name is at `offset`, at its definition or a call.
const ast::Pipeline* pipeline_at(const Analysed& analysed, std::uint32_t offset) {
  if (const ast::CallExpr* call = callee_at(analysed, offset)) return call->pipeline;
  for (const ast::Pipeline* pipeline : visible_pipelines(analysed)) {
    if (touches(analysed, pipeline->loc, offset)) return pipeline;
  }
  return nullptr;
}

}  // namespace

nlohmann::json definition(const Document& document, const Analysed& analysed,
                          std::uint32_t offset) {
  if (!analysed.program) return nullptr;
  if (const auto* reference = reference_at(analysed, offset)) {
    return location_json(document, analysed, reference->binding->loc);
  }
  if (const ast::Pipeline* pipeline = pipeline_at(analysed, offset)) {
    return pipeline_location(document, analysed, *pipeline);
  }
  if (const ast::Import* import = import_at(analysed, offset)) {
    if (!import->resolved || !import->resolved->source) return nullptr;
    return {{"uri", uri_from_path(import->resolved->source->path())},
            {"range", {{"start", to_json({0, 0})}, {"end", to_json({0, 0})}}}};
  }
  return nullptr;
}

nlohmann::json references(const Document& document, const Analysed& analysed, std::uint32_t offset,
                          bool include_declaration) {
  nlohmann::json found = nlohmann::json::array();
  if (!analysed.program) return found;
  if (const auto* reference = reference_at(analysed, offset)) {
    for (const auto* r : references_to(analysed, *reference->binding)) {
      if (r->is_definition && !include_declaration) continue;
      found.push_back(location_json(document, analysed, r->loc));
    }
    return found;
  }
  if (const ast::Pipeline* pipeline = pipeline_at(analysed, offset)) {
    if (include_declaration) found.push_back(pipeline_location(document, analysed, *pipeline));
    for (const ast::CallExpr* call : calls_of(analysed, *pipeline))
      found.push_back(location_json(document, analysed, call->callee_loc));
  }
  return found;
}

}  // namespace plumb::lsp
