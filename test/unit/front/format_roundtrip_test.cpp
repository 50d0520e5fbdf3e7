// `plumb fmt` over every .pipe file of examples/ and test/ (found through PLUMB_SOURCE_DIR) that
// parses, in process: formatting the formatted text changes nothing (idempotence), the formatted
// file's syntax tree (the `plumb ir --emit ast` dump without its locations) equals the
// original's (the meaning is kept), and numbered comments come out complete and in order. The
// examples are also checked with a comment at the end of every line of code, and with a comment
// on a line of its own before every line (comments in every position). In process rather than
// as a lit test of `plumb fmt` and `plumb ir` runs: four processes for each of ~300 files took
// four minutes of the sanitized suite, for the same checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ast/ast_printer.hpp"
#include "compiler/format/format.hpp"
#include "compiler/parse/parser.hpp"

namespace plumb::format {
namespace {

namespace fs = std::filesystem;

fs::path source_root() {
  const char* root = std::getenv("PLUMB_SOURCE_DIR");
  return root != nullptr ? fs::path(root) : fs::path();
}

std::vector<fs::path> pipe_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".pipe")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The AST dump of `text` without locations, or nullopt when it does not parse cleanly (what
// `plumb ir --emit ast` refuses: a syntax error or a malformed literal).
std::optional<std::string> syntax_tree(const std::string& text) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  auto file = parse::parse_file(*sources.add("/nonexistent/roundtrip.pipe", text), diags);
  if (file == nullptr || diags.has_errors()) return std::nullopt;
  std::ostringstream dump;
  ast::print(dump, *file);
  static const std::regex location(" <\\d+:\\d+>$", std::regex::multiline);
  std::string without_locations = std::regex_replace(dump.str(), location, "");
  // The first line names the file.
  return without_locations.substr(without_locations.find('\n') + 1);
}

std::optional<std::string> formatted(const std::string& text) {
  diag::SourceManager sources;
  diag::Diagnostics diags(sources);
  return format_source(*sources.add("/nonexistent/roundtrip.pipe", text), diags);
}

// The `# end N` and `# own N` comments of `text`, in order.
std::vector<std::string> numbered_comments(const std::string& text) {
  static const std::regex numbered("# (?:end|own) \\d+");
  std::vector<std::string> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), numbered);
       it != std::sregex_iterator(); ++it)
    found.push_back(it->str());
  return found;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  lines.push_back(text.substr(start));
  return lines;
}

// `text` with `# end N` after every line of code that holds no string (a `#` there could be
// inside one), or with `# own N` on a line of its own before every line.
std::string with_comments(const std::string& text, bool at_line_ends) {
  std::string out;
  std::vector<std::string> lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (i > 0) out += '\n';
    if (at_line_ends) {
      bool code = line.find_first_not_of(" \t\r") != std::string::npos;
      out += line;
      if (code && line.find('"') == std::string::npos) out += "  # end " + std::to_string(i);
    } else {
      out += "# own " + std::to_string(i) + "\n" + line;
    }
  }
  return out;
}

struct Outcome {
  bool parsed = false;
  std::vector<std::string> failures;
};

Outcome round_trip(const std::string& name, const std::string& text) {
  Outcome outcome;
  std::optional<std::string> original = syntax_tree(text);
  if (!original) return outcome;
  outcome.parsed = true;
  std::optional<std::string> once = formatted(text);
  if (!once) {
    outcome.failures.push_back(name + ": fmt failed on a file that parses");
    return outcome;
  }
  if (formatted(*once) != once) outcome.failures.push_back(name + ": not idempotent");
  if (syntax_tree(*once) != original)
    outcome.failures.push_back(name + ": the syntax tree changed");
  if (numbered_comments(text) != numbered_comments(*once))
    outcome.failures.push_back(name + ": a comment was lost or moved out of order");
  return outcome;
}

TEST(FormatRoundTrip, EveryProgramOfTheRepository) {
  fs::path root = source_root();
  ASSERT_FALSE(root.empty()) << "PLUMB_SOURCE_DIR is set by ctest";
  std::vector<fs::path> files = pipe_files(root / "examples");
  std::vector<fs::path> tests = pipe_files(root / "test");
  files.insert(files.end(), tests.begin(), tests.end());
  std::size_t parsed = 0;
  for (const fs::path& file : files) {
    Outcome outcome = round_trip(file.string(), read_file(file));
    parsed += outcome.parsed ? 1 : 0;
    for (const std::string& failure : outcome.failures)
      ADD_FAILURE() << failure;
  }
  EXPECT_GE(parsed, 180u) << "of " << files.size() << " files";
}

TEST(FormatRoundTrip, EveryExampleWithCommentsInEveryPosition) {
  fs::path root = source_root();
  ASSERT_FALSE(root.empty()) << "PLUMB_SOURCE_DIR is set by ctest";
  std::size_t parsed = 0;
  for (const fs::path& file : pipe_files(root / "examples")) {
    std::string text = read_file(file);
    for (bool at_line_ends : {true, false}) {
      std::string name = file.string() + (at_line_ends ? " (# end N)" : " (# own N)");
      Outcome outcome = round_trip(name, with_comments(text, at_line_ends));
      parsed += outcome.parsed ? 1 : 0;
      for (const std::string& failure : outcome.failures)
        ADD_FAILURE() << failure;
    }
  }
  EXPECT_GE(parsed, 20u);
}

}  // namespace
}  // namespace plumb::format
