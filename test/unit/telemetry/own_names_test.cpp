// Issue 17, item 2: nothing plumb names itself is redacted. The test reads plumb's sources
// (PLUMB_SOURCE_DIR) for the names it gives span attributes, log fields, metric labels and
// families, and the fields of the records its stages return — the first string argument of
// set_attribute, visitor and writer calls, `{"name", ...}` pairs, `plumb_*` families — so a
// new name is checked without anyone listing it, and adds the OpenTelemetry GenAI attribute
// registry. None of them may count as secret.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/value/redaction.hpp"

namespace plumb::telemetry {
namespace {

// The GenAI attributes of the OpenTelemetry semantic conventions (registry, gen-ai.md),
// current and deprecated, and the names of its token metrics.
const char* const kGenAi[] = {"gen_ai.agent.description",
                              "gen_ai.agent.id",
                              "gen_ai.agent.name",
                              "gen_ai.agent.version",
                              "gen_ai.conversation.id",
                              "gen_ai.data_source.id",
                              "gen_ai.embeddings.dimension.count",
                              "gen_ai.evaluation.explanation",
                              "gen_ai.evaluation.name",
                              "gen_ai.evaluation.score.label",
                              "gen_ai.evaluation.score.value",
                              "gen_ai.input.messages",
                              "gen_ai.output.messages",
                              "gen_ai.output.type",
                              "gen_ai.operation.name",
                              "gen_ai.prompt.name",
                              "gen_ai.provider.name",
                              "gen_ai.request.choice.count",
                              "gen_ai.request.encoding_formats",
                              "gen_ai.request.frequency_penalty",
                              "gen_ai.request.max_tokens",
                              "gen_ai.request.model",
                              "gen_ai.request.presence_penalty",
                              "gen_ai.request.seed",
                              "gen_ai.request.stop_sequences",
                              "gen_ai.request.temperature",
                              "gen_ai.request.top_k",
                              "gen_ai.request.top_p",
                              "gen_ai.response.finish_reasons",
                              "gen_ai.response.id",
                              "gen_ai.response.model",
                              "gen_ai.retrieval.documents",
                              "gen_ai.retrieval.query.text",
                              "gen_ai.system_instructions",
                              "gen_ai.token.type",
                              "gen_ai.tool.call.arguments",
                              "gen_ai.tool.call.id",
                              "gen_ai.tool.call.result",
                              "gen_ai.tool.definitions",
                              "gen_ai.tool.description",
                              "gen_ai.tool.name",
                              "gen_ai.tool.type",
                              "gen_ai.usage.cache_creation.input_tokens",
                              "gen_ai.usage.cache_read.input_tokens",
                              "gen_ai.usage.input_tokens",
                              "gen_ai.usage.output_tokens",
                              "gen_ai.usage.total_tokens",
                              "gen_ai.usage.prompt_tokens",
                              "gen_ai.usage.completion_tokens",
                              "gen_ai.system",
                              "gen_ai.prompt",
                              "gen_ai.completion",
                              "gen_ai.openai.request.seed",
                              "gen_ai.openai.response.service_tier",
                              "gen_ai.client.token.usage",
                              "gen_ai.client.operation.duration",
                              "gen_ai.client.inference.usage.input_tokens",
                              "gen_ai.client.inference.usage.output_tokens",
                              "gen_ai.client.inference.usage.reasoning.output_tokens"};

// Names in plumb's sources that are secrets on purpose.
const std::set<std::string> kIntendedSecrets = {"Authorization"};

std::set<std::string> names_in_sources(const std::filesystem::path& root) {
  const std::regex call(
      R"re(\b(?:set_attribute|span_attribute|string|integer|number|boolean|value|structured|set|emplace_back|with|debug)\(\s*(?:[\w.>-]+,\s*)?"([A-Za-z][\w.\-]*)"\s*,)re");
  const std::regex pair(R"re(\{\s*"([A-Za-z][\w.\-]*)"\s*,)re");
  const std::regex family(R"re("(plumb_[a-z_]+)")re");
  std::set<std::string> names;
  for (const char* top : {"base", "runtime", "stdlib"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / top)) {
      const auto& path = entry.path();
      if (path.extension() != ".cpp" && path.extension() != ".hpp") continue;
      // The redaction rule's own word lists.
      if (path.filename() == "redaction.cpp" || path.filename() == "url_redaction.cpp") continue;
      std::ifstream in(path);
      std::string line;
      while (std::getline(in, line)) {
        for (const std::regex* pattern : {&call, &pair, &family}) {
          for (std::sregex_iterator it(line.begin(), line.end(), *pattern), end; it != end; ++it)
            names.insert((*it)[1].str());
        }
      }
    }
  }
  return names;
}

TEST(OwnNames, NoneIsRedacted) {
  const char* root = std::getenv("PLUMB_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "PLUMB_SOURCE_DIR is set by ctest";
  std::set<std::string> names = names_in_sources(root);
  // The scan finds the names it is meant to find.
  for (const char* known :
       {"plumb.node", "code.file.path", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
        "plumb.log.sequence", "error_type", "attempt", "input_tokens", "url.full", "status",
        "plumb_llm_tokens_total", "process.exit.code"}) {
    EXPECT_TRUE(names.count(known)) << known << " was not found in the sources";
  }
  EXPECT_GT(names.size(), 150u);
  for (const char* name : kGenAi)
    names.insert(name);
  names.insert("plumb.input.0");
  names.insert("plumb.output");
  const Redactor& redactor = Redactor::standard();
  for (const std::string& name : names) {
    if (kIntendedSecrets.count(name)) {
      EXPECT_TRUE(redactor.secret(name)) << name;
    } else {
      EXPECT_FALSE(redactor.secret(name)) << name << " is plumb's own and must not be redacted";
    }
  }
}

}  // namespace
}  // namespace plumb::telemetry
