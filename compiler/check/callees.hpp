// The pipelines a pipeline calls, found by name as the checker resolves calls and listed in
// the order the checker meets them (parameter defaults, then statements in order; a call's
// arguments before the call). The checker uses them to check every callee before its caller
// without recursing from one pipeline's check into another's.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compiler/ast/ast.hpp"

namespace plumb::check {

// `resolve` maps a called name to the pipeline it names, or nullptr.
using PipelineResolver = std::function<const ast::Pipeline*(const std::string& name)>;

std::vector<const ast::Pipeline*> callees(const ast::Pipeline& pipeline,
                                          const PipelineResolver& resolve);

}  // namespace plumb::check
