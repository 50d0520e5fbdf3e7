// What is at a byte offset of a checked document: a name bound or read there, a call's
// callee, an attribute, an import; and which bindings a position can see. The features
// (hover, definition, references, rename, completion) all ask these questions.
#pragma once

#include <cstdint>
#include <vector>

#include "compiler/lsp/documents.hpp"

namespace plumb::lsp {

// Whether `offset` is within `loc` of the document's own file (its end included, so that a
// cursor just after a name still points at it).
bool touches(const Analysed& analysed, const diag::Loc& loc, std::uint32_t offset);

const check::Analysis::Reference* reference_at(const Analysed& analysed, std::uint32_t offset);
const ast::CallExpr* callee_at(const Analysed& analysed, std::uint32_t offset);
const ast::Attribute* attribute_at(const Analysed& analysed, std::uint32_t offset);
const ast::Import* import_at(const Analysed& analysed, std::uint32_t offset);

// A location as the protocol writes it ({uri, range}): in the document itself, its URI (which
// may not be a file's, `untitled:` say); in an imported file, that file's.
nlohmann::json location_json(const Document& document, const Analysed& analysed,
                             const diag::Loc& loc);

// Every reference to `binding` (its definition first), in source order.
std::vector<const check::Analysis::Reference*> references_to(const Analysed& analysed,
                                                             const ast::Binding& binding);
// The calls of `pipeline` in the document's own file.
std::vector<const ast::CallExpr*> calls_of(const Analysed& analysed, const ast::Pipeline& pipeline);

// The bindings visible at `offset`: those of every block around it made before it, the
// innermost first (a name shadowed further out is listed once).
std::vector<const ast::Binding*> bindings_at(const Analysed& analysed, std::uint32_t offset);

// The pipelines the document's file can call: its own, then those of the files it imports.
std::vector<const ast::Pipeline*> visible_pipelines(const Analysed& analysed);

}  // namespace plumb::lsp
