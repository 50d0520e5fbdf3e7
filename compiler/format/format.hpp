// `plumb fmt` as a library: the canonical layout of a .pipe file (docs/fmt.md). The command
// line and, later, the language server's formatting request both call format_source.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "compiler/diag/diagnostics.hpp"
#include "compiler/diag/source.hpp"

namespace plumb::format {

// Lines are broken so that they fit in this many columns (code points) where they can.
inline constexpr std::size_t kLineWidth = 100;

// The formatted text of `file`, or nullopt after the parse errors were reported to `diags`.
std::optional<std::string> format_source(const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace plumb::format
