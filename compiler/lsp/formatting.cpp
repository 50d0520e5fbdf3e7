// textDocument/formatting: the canonical layout of `plumb fmt` (compiler/format) as one edit
// replacing the whole document, or none when it is already formatted. A document that does
// not parse is not formatted (the request fails; its diagnostics say why).
#include "compiler/format/format.hpp"
#include "compiler/lsp/features.hpp"

namespace plumb::lsp {

nlohmann::json formatting(const Document& document) {
  diag::SourceManager sources;
  const diag::SourceFile* file = sources.add(document.path, document.text);
  diag::Diagnostics diags(sources);
  std::optional<std::string> formatted = format::format_source(*file, diags);
  if (!formatted) throw RequestFailed{"the document does not parse, so it cannot be formatted"};
  nlohmann::json edits = nlohmann::json::array();
  if (*formatted == document.text) return edits;
  edits.push_back({{"range", range_json(document.text, document.lines, 0,
                                        static_cast<std::uint32_t>(document.text.size()))},
                   {"newText", std::move(*formatted)}});
  return edits;
}

}  // namespace plumb::lsp
