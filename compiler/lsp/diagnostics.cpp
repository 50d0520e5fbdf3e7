// publishDiagnostics: the checker's diagnostics as LSP diagnostics, errors and warnings with
// their exact ranges, the kind as the code, notes as related information. A diagnostic in an
// imported file is shown on the `import` that brings that file in (its own location follows
// as related information), since the editor may not have that file open.
#include <optional>

#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"

namespace plumb::lsp {

namespace {

int severity_code(diag::Severity severity) {
  switch (severity) {
    case diag::Severity::Error:
      return 1;
    case diag::Severity::Warning:
      return 2;
    case diag::Severity::Note:
      return 3;
  }
  return 1;
}

// The import of the entry file that leads to `file` (directly when it can), if any.
std::optional<diag::Loc> import_leading_to(const Analysed& analysed, diag::FileId file) {
  if (!analysed.program) return std::nullopt;
  const auto& imports = analysed.program->entry_file().imports;
  for (const ast::Import& import : imports) {
    if (import.resolved && import.resolved->source && import.resolved->source->id() == file) {
      return import.loc;
    }
  }
  if (!imports.empty()) return imports.front().loc;
  return std::nullopt;
}

}  // namespace

nlohmann::json diagnostics(const Document& document, const Analysed& analysed) {
  const diag::SourceFile& entry = *analysed.entry;
  const LineIndex lines(entry.text());
  nlohmann::json out = nlohmann::json::array();
  for (const diag::Diagnostic* d : analysed.diags.ordered()) {
    nlohmann::json item = {{"severity", severity_code(d->severity)},
                           {"code", std::string(diag::info(d->kind).name)},
                           {"source", "plumb"},
                           {"message", d->message}};
    nlohmann::json related = nlohmann::json::array();
    diag::Loc at = d->loc;
    if (d->loc.valid() && d->loc.file != entry.id()) {
      const diag::SourceFile& other = analysed.sources.file(d->loc.file);
      item["message"] = "in " + other.path() + ":" + std::to_string(d->loc.line) + ":" +
                        std::to_string(d->loc.col) + ": " + d->message;
      related.push_back(
          {{"location", location_json(document, analysed, d->loc)}, {"message", d->message}});
      at = import_leading_to(analysed, d->loc.file).value_or(diag::Loc{});
    }
    item["range"] = at.valid() ? range_json(entry.text(), lines, at.offset, at.length)
                               : range_json(entry.text(), lines, 0, 0);
    for (const diag::Note& note : d->notes) {
      if (!note.loc.valid()) continue;
      related.push_back(
          {{"location", location_json(document, analysed, note.loc)}, {"message", note.message}});
    }
    if (!related.empty()) item["relatedInformation"] = std::move(related);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace plumb::lsp
