// Loads the entry file and, transitively, the files it imports: paths are relative to the
// importing file; a file imported twice is parsed once; a missing file and an import cycle
// are reported at the `import` line that causes them.
#pragma once

#include <string>

#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"

namespace plumb::check {

// Parses `entry` and its imports into `program`. Returns false when the entry file itself
// could not be parsed (the diagnostics say why); imported files with errors are skipped.
bool load_program(const diag::SourceFile& entry, diag::SourceManager& sources,
                  diag::Diagnostics& diags, Program& program);

}  // namespace plumb::check
