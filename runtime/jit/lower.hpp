// Lowering of a plan's argument code to LLVM IR: one module per program, one function per
// node that evaluates arguments (`plumb_node_<id>`, the jit::NodeFunction signature) and
// one per map or filter body of pure expressions (`plumb_region_<index>`, region.cpp),
// specialised on the static types the checker inferred. Scalars (int, float, bool) are
// unboxed behind a guard on their run-time kind and computed inline with the interpreter's
// overflow and division checks; everything else goes through the helpers in helpers.hpp. Any
// surprise — a guard that fails, an overflow, a helper that reports an error — makes the
// function return nonzero, and the caller re-runs the node in the interpreter, which is the
// reference: so results and errors are the interpreter's by construction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "runtime/exec/plan.hpp"

namespace plumb::jit {

// Nodes with argument code get a function; these are their names in the module.
bool has_function(const exec::NodePlan& node);
std::string function_name(const exec::NodePlan& node);

// Map and filter bodies of pure expressions with at most RegionCode::kMaxInputs free inputs
// get one function for the whole body instead (`plumb_region_<index>`), called once per item;
// their nodes keep the interpreter (for traced items and after a bail-out).
bool has_function(const exec::Plan& plan, std::uint32_t region);
std::string region_function_name(std::uint32_t region);

std::unique_ptr<llvm::Module> lower(const exec::Plan& plan, llvm::LLVMContext& context);

}  // namespace plumb::jit
