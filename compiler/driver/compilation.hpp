// One compilation: the source files, the diagnostics, and the program as it moves through
// the phases. `compile` is the compile sequence (read, parse and check the file and its
// imports, lower to IR, run the passes), written once here; the engine, `plumb ir`, `plumb
// graph`, the benchmarks and tests all compile through it. The runtime then turns the
// optimised module into a plan and, on the JIT back end, native code (runtime/api).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <plumb/stage.hpp>

#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/passes/pipeline.hpp"

namespace plumb::driver {

// What to compile and which passes to run after lowering.
struct CompileOptions {
  std::string file;                   // the entry file, or the name of `source`
  std::optional<std::string> source;  // the entry file's text when it is held in memory
  std::vector<const passes::Pass*> passes = passes::default_pipeline();  // empty: none
  bool schedule = false;   // end with the `schedule` pass even when `passes` does not
  passes::RunOptions run;  // verify after each pass, print after each pass
};

class Compilation {
 public:
  explicit Compilation(const StageRegistry& registry);

  // The compile sequence. False when the file cannot be read (read_error()), has errors
  // (diagnostics()) or a pass broke the IR under `run.verify_each` (verifier_errors()); when
  // true, module() is the lowered and optimised program.
  bool compile(const CompileOptions& options);

  // The steps, for `plumb check` and for tests of one phase: reads, parses and checks a file
  // and its imports. False when the file cannot be read (see read_error()) or has errors (see
  // diagnostics()).
  bool check_file(const std::string& path);
  // The same for source text held in memory; imports are relative to `name`'s folder.
  bool check_source(const std::string& name, std::string text);
  // Parses only the entry file (for `--emit ast`).
  std::unique_ptr<ast::File> parse_only(const std::string& path);
  // Lowers the checked program to IR (requires a successful check).
  ir::Module& lower();

  ir::Module& module() { return *module_; }
  // Takes the lowered module out of the compilation.
  std::unique_ptr<ir::Module> take_module() { return std::move(module_); }

  const std::string& read_error() const { return read_error_; }
  const std::vector<std::string>& verifier_errors() const { return verifier_errors_; }
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
  std::vector<std::string> verifier_errors_;
};

}  // namespace plumb::driver
