// One compilation: the source files, the diagnostics, and the program as it moves through
// the phases: parse and check (the checked AST), lower (the DAG IR), optimise (the passes).
// The CLI and the embedding API both drive the compiler through this class.
#pragma once

#include <memory>
#include <string>

#include <plumb/stage.hpp>

#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/passes/pipeline.hpp"

namespace plumb::driver {

class Compilation {
 public:
  explicit Compilation(const StageRegistry& registry);

  // Reads, parses and checks a file and its imports. False when the file cannot be read
  // (see read_error()) or has errors (see diagnostics()).
  bool check_file(const std::string& path);
  // The same for source text held in memory; imports are relative to `name`'s folder.
  bool check_source(const std::string& name, std::string text);
  // Parses only the entry file (for `--emit ast`).
  std::unique_ptr<ast::File> parse_only(const std::string& path);
  // Lowers the checked program to IR (requires a successful check).
  ir::Module& lower();
  // Runs passes over the lowered module; returns the verifier's findings (empty when fine).
  std::vector<std::string> optimize(const std::vector<const passes::Pass*>& pipeline,
                                    const passes::RunOptions& options);
  // Takes the lowered module out of the compilation.
  std::unique_ptr<ir::Module> take_module() { return std::move(module_); }

  const std::string& read_error() const { return read_error_; }
  diag::Diagnostics& diagnostics() { return diags_; }
  const diag::SourceManager& sources() const { return sources_; }
  check::Program* program() { return program_.get(); }
  const StageRegistry& registry() const { return registry_; }

 private:
  bool check_entry(const diag::SourceFile& entry);

  const StageRegistry& registry_;
  diag::SourceManager sources_;
  diag::Diagnostics diags_;
  std::unique_ptr<check::Program> program_;
  std::unique_ptr<ir::Module> module_;
  std::string read_error_;
};

}  // namespace plumb::driver
