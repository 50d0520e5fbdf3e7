// Open documents and their checks (documents.hpp).
#include "compiler/lsp/documents.hpp"

#include "compiler/check/check.hpp"
#include "compiler/lsp/uri.hpp"

namespace plumb::lsp {

std::shared_ptr<Analysed> analyse(const std::string& path, std::string text,
                                  const StageRegistry& registry) {
  auto result = std::make_shared<Analysed>();
  result->entry = result->sources.add(path, std::move(text));
  result->program =
      check::check(*result->entry, result->sources, result->diags, registry, &result->analysis);
  return result;
}

void Documents::open(const std::string& uri, std::string text, std::int64_t version) {
  Document document;
  document.uri = uri;
  document.path = path_from_uri(uri);
  document.lines = LineIndex(text);
  document.text = std::move(text);
  document.version = version;
  documents_[uri] = std::move(document);
}

void Documents::change(const std::string& uri, const nlohmann::json& changes,
                       std::int64_t version) {
  Document* document = find(uri);
  if (!document) return;
  for (const nlohmann::json& change : changes) {
    std::string replacement = change.at("text").get<std::string>();
    if (!change.contains("range")) {
      document->text = std::move(replacement);
    } else {
      const nlohmann::json& range = change.at("range");
      std::uint32_t start =
          document->lines.offset(document->text, position_from_json(range.at("start")));
      std::uint32_t end =
          document->lines.offset(document->text, position_from_json(range.at("end")));
      if (end < start) std::swap(start, end);
      document->text.replace(start, end - start, replacement);
    }
    document->lines = LineIndex(document->text);
  }
  document->version = version;
  document->current.reset();
}

void Documents::close(const std::string& uri) {
  documents_.erase(uri);
}

std::vector<std::string> Documents::invalidate_all() {
  std::vector<std::string> uris;
  for (auto& [uri, document] : documents_) {
    document.current.reset();
    uris.push_back(uri);
  }
  return uris;
}

Document* Documents::find(const std::string& uri) {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

const Analysed& Documents::analysed(Document& document) {
  if (!document.current) {
    std::shared_ptr<Analysed> fresh = analyse(document.path, document.text, registry_);
    if (fresh->program) document.parsed = fresh;
    document.current = std::move(fresh);
  }
  return *document.current;
}

}  // namespace plumb::lsp
