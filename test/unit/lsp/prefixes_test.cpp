// Every feature on half-typed programs: each example cut after every line and after every
// few bytes answers every request at the cut (and halfway) without throwing anything but a
// refusal (RequestFailed), with diagnostics for each.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/lsp/features.hpp"
#include "stdlib/stdlib.hpp"

namespace plumb::lsp {
namespace {

// Every line, and every third byte, asked at the cut and halfway: about 3,500 prefixes in a
// second. Debug and sanitizer builds, ten to thirty times slower, take every 128th byte, asked
// at the cut only (about 80 prefixes), to stay within seconds in CI's sanitized suite.
#if defined(NDEBUG) && !defined(PLUMB_SANITIZED_BUILD)
constexpr std::size_t kByteStep = 3;
constexpr bool kLinesToo = true;
constexpr bool kMiddleToo = true;
constexpr std::size_t kMinimumPrefixes = 3000;
#else
constexpr std::size_t kByteStep = 128;
constexpr bool kLinesToo = false;
constexpr bool kMiddleToo = false;
constexpr std::size_t kMinimumPrefixes = 70;
#endif

std::vector<std::filesystem::path> examples() {
  const char* root = std::getenv("PLUMB_SOURCE_DIR");
  std::vector<std::filesystem::path> found;
  if (!root) return found;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::filesystem::path(root) / "examples")) {
    if (entry.path().extension() == ".pipe") found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// Every request on `document` at `offset`; the document's text is `text`.
void every_request(Document& document, Documents& documents, std::uint32_t offset) {
  const StageRegistry& registry = stdlib::standard_stages();
  const Analysed& analysed = documents.analysed(document);
  nlohmann::json answers = nlohmann::json::array();
  answers.push_back(diagnostics(document, analysed));
  answers.push_back(hover(document, analysed, offset, registry));
  answers.push_back(completion(document, offset, registry));
  answers.push_back(signature_help(document, offset, registry));
  answers.push_back(definition(document, analysed, offset));
  answers.push_back(references(document, analysed, offset, true));
  answers.push_back(document_symbols(document, analysed));
  answers.push_back(prepare_rename(document, analysed, offset));
  try {
    answers.push_back(rename(document, analysed, offset, "renamed"));
  } catch (const RequestFailed&) {
  }
  try {
    answers.push_back(formatting(document));
  } catch (const RequestFailed&) {
  }
  // Every answer is JSON that serialises.
  EXPECT_FALSE(answers.dump().empty());
}

TEST(Prefixes, EveryRequestOnEveryPrefixOfEveryExample) {
  const auto files = examples();
  ASSERT_FALSE(files.empty()) << "PLUMB_SOURCE_DIR is not set or has no examples";
  std::size_t prefixes = 0;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    std::vector<std::size_t> cuts;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((kLinesToo && text[i] == '\n') || i % kByteStep == 0) cuts.push_back(i);
    }
    cuts.push_back(text.size());
    Documents documents(stdlib::standard_stages());
    const std::string uri = "file://" + path.string();
    // Whole-text changes, as an editor sends them, so that completion also works from the
    // last check that parsed (a longer or shorter text than the current one).
    documents.open(uri, text, 1);
    for (std::size_t cut : cuts) {
      SCOPED_TRACE(path.string() + " cut at byte " + std::to_string(cut));
      documents.change(uri, nlohmann::json::array({{{"text", text.substr(0, cut)}}}), 2);
      Document& document = *documents.find(uri);
      const auto end = static_cast<std::uint32_t>(cut);
      every_request(document, documents, end);
      if (kMiddleToo) every_request(document, documents, end / 2);
      ++prefixes;
    }
  }
  EXPECT_GT(prefixes, kMinimumPrefixes);
}

}  // namespace
}  // namespace plumb::lsp
