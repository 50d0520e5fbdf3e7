// Import resolution: a depth-first walk over `import` lines with an "in progress" set to find
// cycles. Paths are normalised (lexically) so `a/../b.pipe` and `b.pipe` are the same file.
#include "compiler/check/loader.hpp"

#include <filesystem>
#include <unordered_map>

#include "compiler/parse/parser.hpp"

namespace plumb::check {
namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(diag::SourceManager& sources, diag::Diagnostics& diags, Program& program)
      : sources_(sources), diags_(diags), program_(program) {}

  ast::File* load(const diag::SourceFile& source) {
    auto file = parse::parse_file(source, diags_);
    if (!file) return nullptr;
    ast::File* result = file.get();
    program_.files.push_back(std::move(file));
    const std::string key = normalise(source.path());
    state_[key] = State::InProgress;
    chain_.push_back(source.path());
    for (ast::Import& import : result->imports)
      resolve(source, import);
    chain_.pop_back();
    state_[key] = State::Done;
    by_path_[key] = result;
    return result;
  }

 private:
  enum class State { InProgress, Done };

  static std::string normalise(const std::string& path) {
    return fs::path(path).lexically_normal().generic_string();
  }

  void resolve(const diag::SourceFile& importer, ast::Import& import) {
    if (!import.path.ends_with(".pipe")) {
      diags_.report(
          diag::Kind::InvalidImport, import.loc,
          "cannot import " + diag::code(import.path) + ": an import must name a `.pipe` file");
      return;
    }
    fs::path base = fs::path(importer.path()).parent_path();
    std::string path = normalise((base / import.path).generic_string());
    auto state = state_.find(path);
    if (state != state_.end() && state->second == State::InProgress) {
      std::string cycle;
      bool in_cycle = false;
      for (const std::string& step : chain_) {
        if (normalise(step) == path) in_cycle = true;
        if (in_cycle) cycle += step + " -> ";
      }
      diags_.report(diag::Kind::ImportCycle, import.loc, "import cycle: " + cycle + import.path);
      return;
    }
    if (state != state_.end()) {
      import.resolved = by_path_[path];
      return;
    }
    std::string error;
    const diag::SourceFile* source = sources_.load(path, error);
    if (!source) {
      diags_.report(diag::Kind::ImportNotFound, import.loc,
                    "cannot import " + diag::code(import.path) + " (" + path + "): " + error);
      return;
    }
    import.resolved = load(*source);
  }

  diag::SourceManager& sources_;
  diag::Diagnostics& diags_;
  Program& program_;
  std::unordered_map<std::string, State> state_;
  std::unordered_map<std::string, ast::File*> by_path_;
  std::vector<std::string> chain_;
};

}  // namespace

bool load_program(const diag::SourceFile& entry, diag::SourceManager& sources,
                  diag::Diagnostics& diags, Program& program) {
  return Loader(sources, diags, program).load(entry) != nullptr;
}

const ast::Pipeline* Program::find_entry(const std::string& name) const {
  for (const auto& p : entry_file().pipelines) {
    if (p->name == name) return p.get();
  }
  return nullptr;
}

}  // namespace plumb::check
