// libFuzzer target for the front end: any bytes are parsed and checked as a .pipe file (with
// the standard stages registered), then the diagnostics and the AST are printed to memory.
// The property under test is robustness: no crash, hang, leak or sanitizer report, whatever
// the input (binary garbage, invalid UTF-8, deep nesting, huge lines).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "compiler/ast/ast_printer.hpp"
#include "compiler/check/check.hpp"
#include "compiler/diag/diagnostics.hpp"
#include "stdlib/stdlib.hpp"

namespace {}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  plumb::diag::SourceManager sources;
  plumb::diag::Diagnostics diags(sources);
  // A folder that does not exist, so relative imports are reported as missing files.
  const plumb::diag::SourceFile* file = sources.add(
      "/nonexistent-plumb-fuzz/input.pipe", std::string(reinterpret_cast<const char*>(data), size));
  auto program = plumb::check::check(*file, sources, diags, plumb::stdlib::standard_stages());
  std::ostringstream out;
  diags.render(out);
  if (program && !program->files.empty()) plumb::ast::print(out, program->entry_file());
  return 0;
}
