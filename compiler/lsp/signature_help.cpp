// textDocument/signatureHelp: inside a call's parentheses, the callee's signature (a stage, a
// built-in function or a pipeline) with the parameter the cursor is at: the one its keyword
// names, else the argument's position. Works on half-typed calls (cursor_context.hpp).
#include "base/stage/signature_text.hpp"
#include "base/value/builtins.hpp"
#include "compiler/lsp/cursor_context.hpp"
#include "compiler/lsp/features.hpp"
#include "compiler/lsp/lookup.hpp"

namespace plumb::lsp {

namespace {

// The [begin, end) offsets of each parameter in a signature label `name(a: T, b: U) -> R`.
std::vector<std::pair<std::size_t, std::size_t>> parameter_spans(const std::string& label) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t open = label.find('(');
  if (open == std::string::npos) return spans;
  int depth = 0;
  std::size_t begin = open + 1;
  for (std::size_t i = open + 1; i < label.size(); ++i) {
    char c = label[i];
    if (c == '(' || c == '[' || c == '{') ++depth;
    if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
      continue;
    }
    if ((c == ',' && depth == 0) || (c == ')' && depth == 0)) {
      std::size_t b = begin;
      while (b < i && label[b] == ' ')
        ++b;
      if (b < i) spans.emplace_back(b, i);
      begin = i + 1;
      if (c == ')') break;
    }
  }
  return spans;
}

// The label of the callee named `callee`, with its documentation; empty when unknown.
std::pair<std::string, std::string> signature_of(const std::string& callee, const Analysed* known,
                                                 const StageRegistry& registry) {
  if (const StageDef* stage = registry.find(callee)) {
    return {signature_text(stage->signature), stage->signature.summary};
  }
  int builtin = builtins::find(callee);
  if (builtin >= 0) {
    const builtins::Builtin& b = builtins::get(builtin);
    return {std::string(b.signature), std::string(b.summary)};
  }
  if (known) {
    for (const ast::Pipeline* pipeline : visible_pipelines(*known)) {
      if (pipeline->name == callee) {
        std::string label = pipeline_signature(*pipeline);
        return {label.substr(std::string("pipeline ").size()), {}};
      }
    }
  }
  return {};
}

}  // namespace

nlohmann::json signature_help(const Document& document, std::uint32_t offset,
                              const StageRegistry& registry) {
  const CursorContext context = cursor_context(document.text, offset);
  if (context.in_comment || context.in_string || context.callee.empty()) return nullptr;
  auto [label, doc] = signature_of(context.callee, document.parsed.get(), registry);
  if (label.empty()) return nullptr;
  nlohmann::json parameters = nlohmann::json::array();
  std::size_t active = context.argument;
  const auto spans = parameter_spans(label);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    auto [begin, end] = spans[i];
    parameters.push_back({{"label", {begin, end}}});
    std::string name = label.substr(begin, end - begin);
    name = name.substr(0, name.find(':'));
    if (!context.keyword.empty() && name == context.keyword) active = i;
  }
  nlohmann::json signature = {{"label", label}, {"parameters", std::move(parameters)}};
  if (!doc.empty()) signature["documentation"] = {{"kind", "markdown"}, {"value", doc}};
  return {{"signatures", nlohmann::json::array({std::move(signature)})},
          {"activeSignature", 0},
          {"activeParameter", active}};
}

}  // namespace plumb::lsp
