// textDocument/documentSymbol: the document's pipelines, each with its parameters and the
// bindings of its body (nested blocks included) as children.
#include <algorithm>

#include "compiler/lsp/features.hpp"

namespace plumb::lsp {

namespace {

// LSP SymbolKind values.
enum SymbolKind { kFunction = 12, kVariable = 13 };

nlohmann::json symbol(const Document& document, const std::string& name, int kind,
                      const std::string& detail, const diag::Loc& range,
                      const diag::Loc& name_loc) {
  return {{"name", name},
          {"kind", kind},
          {"detail", detail},
          {"range", range_json(document.text, document.lines, range.offset, range.length)},
          {"selectionRange",
           range_json(document.text, document.lines, name_loc.offset, name_loc.length)}};
}

}  // namespace

nlohmann::json document_symbols(const Document& document, const Analysed& analysed) {
  nlohmann::json symbols = nlohmann::json::array();
  if (!analysed.program) return symbols;
  for (const auto& pipeline : analysed.program->entry_file().pipelines) {
    diag::Loc whole = pipeline->loc;
    const diag::Loc& body = pipeline->body.loc;
    if (body.offset + body.length > whole.offset)
      whole.length = body.offset + body.length - whole.offset;
    nlohmann::json children = nlohmann::json::array();
    std::vector<const ast::Binding*> seen;
    for (const auto& scope : analysed.analysis.scopes) {
      if (scope.pipeline != pipeline.get()) continue;
      for (const ast::Binding* b : scope.bindings) {
        if (std::find(seen.begin(), seen.end(), b) != seen.end()) continue;
        seen.push_back(b);
      }
    }
    std::sort(seen.begin(), seen.end(),
              [](const auto* a, const auto* b) { return a->loc.offset < b->loc.offset; });
    for (const ast::Binding* b : seen)
      children.push_back(symbol(document, b->name, kVariable, b->type.to_string(), b->loc, b->loc));
    nlohmann::json item = symbol(document, pipeline->name, kFunction, pipeline_signature(*pipeline),
                                 whole, pipeline->loc);
    item["children"] = std::move(children);
    symbols.push_back(std::move(item));
  }
  return symbols;
}

}  // namespace plumb::lsp
