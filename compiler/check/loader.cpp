// Import resolution: a depth-first walk over `import` lines with an "in progress" set to find
// cycles, kept on an explicit stack so that a chain of thousands of files importing each other
// cannot exhaust the call stack. Paths are normalised (lexically) so `a/../b.pipe` and
// `b.pipe` are the same file.
#include "compiler/check/loader.hpp"

#include <filesystem>
#include <unordered_map>

#include "compiler/check/cycle_text.hpp"
#include "compiler/parse/parser.hpp"

namespace plumb::check {
namespace {

namespace fs = std::filesystem;

class Loader {
 public:
  Loader(diag::SourceManager& sources, diag::Diagnostics& diags, Program& program)
      : sources_(sources), diags_(diags), program_(program) {}

  ast::File* load(const diag::SourceFile& entry) {
    ast::File* result = open(entry);
    while (!stack_.empty()) {
      Open& top = stack_.back();
      if (top.next_import == top.file->imports.size()) {
        state_[top.key] = State::Done;
        stack_.pop_back();
        continue;
      }
      ast::Import& import = top.file->imports[top.next_import++];
      resolve(*top.source, import);  // may push the imported file
    }
    return result;
  }

 private:
  enum class State { InProgress, Done };
  // A file whose imports are being resolved.
  struct Open {
    const diag::SourceFile* source;
    ast::File* file;
    std::string key;
    std::size_t next_import = 0;
  };

  static std::string normalise(const std::string& path) {
    return fs::path(path).lexically_normal().generic_string();
  }

  // Parses a file and puts it on the stack (in progress until its imports are resolved).
  ast::File* open(const diag::SourceFile& source) {
    std::string key = normalise(source.path());
    auto file = parse::parse_file(source, diags_);
    if (!file) {
      state_[key] = State::Done;  // imported again: skipped, its syntax error said once
      by_path_[key] = nullptr;
      return nullptr;
    }
    ast::File* result = file.get();
    program_.files.push_back(std::move(file));
    state_[key] = State::InProgress;
    by_path_[key] = result;
    stack_.push_back(Open{&source, result, std::move(key)});
    return result;
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
      std::vector<std::string> cycle;
      bool in_cycle = false;
      for (const Open& step : stack_) {
        if (step.key == path) in_cycle = true;
        if (in_cycle) cycle.push_back(step.source->path());
      }
      cycle.push_back(import.path);
      diags_.report(diag::Kind::ImportCycle, import.loc, "import cycle: " + cycle_text(cycle));
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
    import.resolved = open(*source);
  }

  diag::SourceManager& sources_;
  diag::Diagnostics& diags_;
  Program& program_;
  std::unordered_map<std::string, State> state_;
  std::unordered_map<std::string, ast::File*> by_path_;
  std::vector<Open> stack_;
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
