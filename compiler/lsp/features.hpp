// The language features, one file each: a request's parameters in, its result out, as the
// protocol writes them (LSP 3.17). Each works on a document and its latest check (`current`)
// or, for completion and signature help, from the text and the last check that parsed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <plumb/stage.hpp>

#include "compiler/lsp/documents.hpp"

namespace plumb::lsp {

// The language's keywords (compiler/parse/grammar.hpp, `keyword`): completed as words, and
// refused as new names by rename.
inline constexpr std::array<std::string_view, 19> kKeywords = {
    "pipeline", "import", "map", "filter", "for",   "in",   "while", "max", "if", "else",
    "yield",    "return", "var", "true",   "false", "null", "and",   "or",  "not"};

// A failed request the server answers with a JSON-RPC error (RequestFailed, -32803).
struct RequestFailed {
  std::string message;
};

// textDocument/publishDiagnostics's `diagnostics`: those of the document's file, and those of
// the files it imports shown on the import that leads to them.
nlohmann::json diagnostics(const Document& document, const Analysed& analysed);

nlohmann::json hover(const Document& document, const Analysed& analysed, std::uint32_t offset,
                     const StageRegistry& registry);
nlohmann::json completion(const Document& document, std::uint32_t offset,
                          const StageRegistry& registry);
nlohmann::json signature_help(const Document& document, std::uint32_t offset,
                              const StageRegistry& registry);
nlohmann::json definition(const Document& document, const Analysed& analysed, std::uint32_t offset);
nlohmann::json references(const Document& document, const Analysed& analysed, std::uint32_t offset,
                          bool include_declaration);
nlohmann::json document_symbols(const Document& document, const Analysed& analysed);
nlohmann::json prepare_rename(const Document& document, const Analysed& analysed,
                              std::uint32_t offset);
// Throws RequestFailed when the position names no binding or the new name is not a name.
nlohmann::json rename(const Document& document, const Analysed& analysed, std::uint32_t offset,
                      const std::string& new_name);
// Throws RequestFailed when the document does not parse.
nlohmann::json formatting(const Document& document);

// Markdown describing a stage, a built-in function or a pipeline (hover, completion).
std::string stage_markdown(const StageDef& stage);
std::string builtin_markdown(int builtin);
std::string pipeline_signature(const ast::Pipeline& pipeline);

}  // namespace plumb::lsp
