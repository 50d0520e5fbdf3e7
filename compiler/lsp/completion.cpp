// textDocument/completion. What fits where the cursor is, from the text (cursor_context.hpp)
// and the last check that parsed: after `@`, the attributes; after `ns.`, that namespace's
// stages; at the start of a call's argument, the callee's keyword arguments not given yet;
// elsewhere the bindings in scope, the pipelines, the stage namespaces, the built-in functions
// and the keywords. Nothing in a comment or a string's text.
#include <algorithm>
#include <set>

#include "base/stage/signature_text.hpp"
#include "base/value/builtins.hpp"
#include "compiler/check/attribute_table.hpp"
#include "compiler/lsp/cursor_context.hpp"
#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"

namespace plumb::lsp {

namespace {

// LSP CompletionItemKind values.
enum ItemKind {
  kFunction = 3,
  kField = 5,
  kVariable = 6,
  kModule = 9,
  kKeyword = 14,
  kProperty = 10
};

class Items {
 public:
  explicit Items(std::string prefix) : prefix_(std::move(prefix)) {}

  void add(const std::string& label, int kind, const std::string& detail,
           const std::string& documentation = {}, const std::string& insert = {},
           const char* sort_group = "5") {
    if (!label.starts_with(prefix_) || !seen_.insert(label).second) return;
    nlohmann::json item = {{"label", label}, {"kind", kind}, {"sortText", sort_group + label}};
    if (!detail.empty()) item["detail"] = detail;
    if (!documentation.empty()) {
      item["documentation"] = {{"kind", "markdown"}, {"value", documentation}};
    }
    if (!insert.empty()) item["insertText"] = insert;
    items_.push_back(std::move(item));
  }
  // The items in the order the client shows them (by sortText), so answers are stable.
  nlohmann::json result() {
    std::sort(items_.begin(), items_.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
      return a["sortText"].get<std::string>() < b["sortText"].get<std::string>();
    });
    return {{"isIncomplete", false}, {"items", std::move(items_)}};
  }

 private:
  std::string prefix_;
  std::set<std::string> seen_;
  nlohmann::json items_ = nlohmann::json::array();
};

const ast::Pipeline* pipeline_named(const Analysed* known, const std::string& name) {
  if (!known) return nullptr;
  for (const ast::Pipeline* pipeline : visible_pipelines(*known)) {
    if (pipeline->name == name) return pipeline;
  }
  return nullptr;
}

void keyword_arguments(Items& items, const CursorContext& context, const Analysed* known,
                       const StageRegistry& registry) {
  // Positional arguments come first: they gave the first parameters.
  const std::size_t positional = context.argument - context.keywords_given.size();
  std::set<std::string> given(context.keywords_given.begin(), context.keywords_given.end());
  std::size_t index = 0;
  auto offer = [&](const std::string& name, const std::string& detail, const std::string& doc) {
    if (index++ >= positional && !given.contains(name)) {
      items.add(name, kField, detail, doc, name + ": ", "0");
    }
  };
  if (const StageDef* stage = registry.find(context.callee)) {
    for (const Param& p : stage->signature.params)
      offer(p.name, param_text(p), p.doc);
  } else if (const ast::Pipeline* pipeline = pipeline_named(known, context.callee)) {
    for (const ast::Param& p : pipeline->params)
      offer(p.name, p.binding ? p.name + ": " + p.binding->type.to_string() : p.name, {});
  }
}

}  // namespace

nlohmann::json completion(const Document& document, std::uint32_t offset,
                          const StageRegistry& registry) {
  const CursorContext context = cursor_context(document.text, offset);
  const Analysed* known = document.parsed.get();
  if (context.in_comment || context.in_string) return Items("").result();
  if (context.after_at) {
    Items items(context.word);
    for (const check::AttributeDef& def : check::attribute_table()) {
      items.add(std::string(def.name), kProperty, std::string(def.syntax),
                std::string(def.arguments));
    }
    return items.result();
  }
  std::size_t dot = context.word.rfind('.');
  if (dot != std::string::npos) {
    const std::string space = context.word.substr(0, dot + 1);
    Items items(context.word.substr(dot + 1));
    for (const StageDef* stage : registry.all()) {
      const std::string& name = stage->signature.name;
      if (name.starts_with(space) && name.find('.', space.size()) == std::string::npos) {
        items.add(name.substr(space.size()), kFunction, signature_text(stage->signature),
                  stage_markdown(*stage));
      }
    }
    return items.result();
  }
  Items items(context.word);
  if (context.argument_start && !context.callee.empty()) {
    keyword_arguments(items, context, known, registry);
  }
  if (known) {
    for (const ast::Binding* binding : bindings_at(*known, offset))
      items.add(binding->name, kVariable, binding->type.to_string(), {}, {}, "1");
    for (const ast::Pipeline* pipeline : visible_pipelines(*known))
      items.add(pipeline->name, kFunction, pipeline_signature(*pipeline), {}, {}, "2");
  }
  for (const StageDef* stage : registry.all()) {
    const std::string& name = stage->signature.name;
    items.add(name.substr(0, name.find('.')), kModule, "stage namespace", {}, {}, "3");
  }
  for (std::size_t i = 0; i < builtins::all().size(); ++i) {
    const builtins::Builtin& b = builtins::all()[i];
    items.add(std::string(b.name), kFunction, std::string(b.signature),
              builtin_markdown(static_cast<int>(i)), {}, "4");
  }
  for (std::string_view keyword : kKeywords)
    items.add(std::string(keyword), kKeyword, {});
  return items.result();
}

}  // namespace plumb::lsp
