// textDocument/prepareRename and textDocument/rename of a binding (a parameter, a `let` or
// `var` binding, a loop or map item): every definition and use in the pipeline is renamed.
// The new name must be a name of the language, not a keyword, and not already bound where
// the binding is visible.
#include <algorithm>

#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"

namespace plumb::lsp {

namespace {

bool is_keyword(const std::string& name) {
  return std::find(kKeywords.begin(), kKeywords.end(), name) != kKeywords.end();
}

bool is_name(const std::string& name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

nlohmann::json prepare_rename(const Document& document, const Analysed& analysed,
                              std::uint32_t offset) {
  if (!analysed.program) return nullptr;
  const auto* reference = reference_at(analysed, offset);
  if (!reference) return nullptr;
  return {{"range",
           range_json(document.text, document.lines, reference->loc.offset, reference->loc.length)},
          {"placeholder", reference->binding->name}};
}

nlohmann::json rename(const Document& document, const Analysed& analysed, std::uint32_t offset,
                      const std::string& new_name) {
  const auto* reference = analysed.program ? reference_at(analysed, offset) : nullptr;
  if (!reference) throw RequestFailed{"there is no binding to rename here"};
  if (!is_name(new_name) || is_keyword(new_name)) {
    throw RequestFailed{"`" + new_name + "` is not a name a binding can have"};
  }
  const ast::Binding& binding = *reference->binding;
  for (const auto* r : references_to(analysed, binding)) {
    for (const ast::Binding* visible : bindings_at(analysed, r->loc.offset)) {
      if (visible != &binding && visible->name == new_name) {
        throw RequestFailed{"`" + new_name + "` is already bound where `" + binding.name +
                            "` is used"};
      }
    }
  }
  nlohmann::json edits = nlohmann::json::array();
  for (const auto* r : references_to(analysed, binding)) {
    edits.push_back(
        {{"range", range_json(document.text, document.lines, r->loc.offset, r->loc.length)},
         {"newText", new_name}});
  }
  return {{"changes", {{document.uri, std::move(edits)}}}};
}

}  // namespace plumb::lsp
