// Lowering: a checked program (without errors) becomes a DAG IR module. Every pipeline of
// every loaded file becomes a function; `var`s become SSA values merged by branch and loop
// nodes; stage calls, pipeline calls, `map` and `filter` inside expressions become nodes of
// their own, evaluated in source order; effect ordering edges follow LANGUAGE.md §8, and
// ordered volatile calls (log.*) are chained in source order (order_logs).
#pragma once

#include <memory>

#include "compiler/check/program.hpp"
#include "compiler/diag/source.hpp"
#include "compiler/ir/ir.hpp"

namespace plumb::lower {

std::unique_ptr<ir::Module> lower(const check::Program& program,
                                  const diag::SourceManager& sources);

// Adds the ordering edges among ordered volatile calls (order_logs.cpp); part of lower().
void order_logs(ir::Module& module);

}  // namespace plumb::lower
