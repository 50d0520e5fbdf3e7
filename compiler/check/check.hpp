// The checker's entry point: loads a file and its imports, then checks names, scopes, calls,
// types and attributes, annotating the AST for lowering. Every mistake of the program is
// reported in one run, one diagnostic per mistake (an expression already in error does not
// produce further messages).
#pragma once

#include <memory>

#include <plumb/stage.hpp>

#include "compiler/check/analysis.hpp"
#include "compiler/check/program.hpp"
#include "compiler/diag/diagnostics.hpp"

namespace plumb::check {

// Returns nullptr when the entry file does not parse; otherwise the program, which is only
// fit for lowering when `diags.has_errors()` is false. When `analysis` is given, the checker
// records into it what tools need to answer questions about positions (analysis.hpp).
std::unique_ptr<Program> check(const diag::SourceFile& entry, diag::SourceManager& sources,
                               diag::Diagnostics& diags, const StageRegistry& registry,
                               Analysis* analysis = nullptr);

}  // namespace plumb::check
