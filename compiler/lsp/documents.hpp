// The documents the editor has open: their text as the editor last sent it (whole, or edited
// by ranges), and the checker's view of it. A document is checked on demand, once per
// version: `analysed()` checks it when its text changed since the last check. The last check
// whose text parsed is kept too, so that completion in a half-typed line still knows the
// bindings and pipelines around it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <plumb/stage.hpp>

#include "compiler/check/analysis.hpp"
#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/lsp/position.hpp"

namespace plumb::lsp {

// One check of one version of a document: the files read (the document and its imports),
// the diagnostics, and the program and analysis (null when the document does not parse).
struct Analysed {
  diag::SourceManager sources;
  diag::Diagnostics diags{sources};
  const diag::SourceFile* entry = nullptr;
  std::unique_ptr<check::Program> program;
  check::Analysis analysis;
};

struct Document {
  std::string uri;
  std::string path;  // what the compiler calls the file, and resolves imports against
  std::string text;
  std::int64_t version = 0;
  LineIndex lines;
  std::shared_ptr<const Analysed> current;  // of this text; null until checked
  std::shared_ptr<const Analysed> parsed;   // the latest check whose text parsed
};

class Documents {
 public:
  explicit Documents(const StageRegistry& registry) : registry_(registry) {}

  void open(const std::string& uri, std::string text, std::int64_t version);
  // Applies `contentChanges` of didChange in order: a change with a range edits that range,
  // one without replaces the text. Throws nlohmann::json::exception on a malformed change.
  void change(const std::string& uri, const nlohmann::json& changes, std::int64_t version);
  void close(const std::string& uri);
  // Forgets every document's check (a file they may import was saved), returning their URIs.
  std::vector<std::string> invalidate_all();
  Document* find(const std::string& uri);
  // The document's check, made now if its text changed since the last one.
  const Analysed& analysed(Document& document);

 private:
  const StageRegistry& registry_;
  std::map<std::string, Document> documents_;
};

// Checks `text` as the file `path`, recording the analysis (a benchmark and tests call it too).
std::shared_ptr<Analysed> analyse(const std::string& path, std::string text,
                                  const StageRegistry& registry);

}  // namespace plumb::lsp
