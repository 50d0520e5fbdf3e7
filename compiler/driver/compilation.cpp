// Compilation: file loading and the compile sequence.
#include "compiler/driver/compilation.hpp"

#include "compiler/check/check.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/parse/parser.hpp"

namespace plumb::driver {

Compilation::Compilation(const StageRegistry& registry) : registry_(registry), diags_(sources_) {
}

bool Compilation::check_file(const std::string& path) {
  std::string error;
  const diag::SourceFile* entry = sources_.load(path, error);
  if (!entry) {
    read_error_ = "cannot read " + path + ": " + error;
    return false;
  }
  return check_entry(*entry);
}

bool Compilation::check_source(const std::string& name, std::string text) {
  return check_entry(*sources_.add(name, std::move(text)));
}

bool Compilation::check_entry(const diag::SourceFile& entry) {
  program_ = check::check(entry, sources_, diags_, registry_);
  return program_ && !diags_.has_errors();
}

std::unique_ptr<ast::File> Compilation::parse_only(const std::string& path) {
  std::string error;
  const diag::SourceFile* entry = sources_.load(path, error);
  if (!entry) {
    read_error_ = "cannot read " + path + ": " + error;
    return nullptr;
  }
  return parse::parse_file(*entry, diags_);
}

ir::Module& Compilation::lower() {
  module_ = lower::lower(*program_, sources_);
  return *module_;
}

bool Compilation::compile(const CompileOptions& options) {
  const bool checked =
      options.source ? check_source(options.file, *options.source) : check_file(options.file);
  if (!checked) return false;
  lower();
  std::vector<const passes::Pass*> pipeline = options.passes;
  const passes::Pass* schedule = passes::find_pass("schedule");
  if (options.schedule && (pipeline.empty() || pipeline.back() != schedule)) {
    pipeline.push_back(schedule);
  }
  verifier_errors_ = passes::run_passes(*module_, pipeline, options.run);
  return verifier_errors_.empty();
}

}  // namespace plumb::driver
