// Lowering of a plan's argument code to LLVM IR: one module per program, one function per
// node that evaluates arguments (`plumb_node_<id>`) and one per map or filter body of pure
// expressions (`plumb_region_<index>`, region.cpp), specialised on the static types the
// checker inferred. Scalars (int, float, bool) are unboxed behind a guard on their run-time
// kind and computed inline with the interpreter's overflow and division checks; everything
// else goes through the helpers in helpers.hpp. Any surprise — a guard that fails, an
// overflow, a helper that reports an error — makes the function return nonzero, and the
// caller re-runs the node in the interpreter, which is the reference: so results and errors
// are the interpreter's by construction.
//
// Node code is called with the jit::Dispatcher signature (context, node id, inputs, out). At
// -O0 each node function is called directly. At -O2 node functions are internal and always
// inlined into dispatchers (`plumb_nodes_<group>`, a switch on the node id) of up to
// kNodesPerDispatcher nodes: LLVM's -O2 passes and code generation cost about a millisecond
// per function whatever its size, so 100 one-line nodes compile as 4 functions instead of
// 100, and a group bounds the size of one function.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "runtime/exec/plan.hpp"

namespace plumb::jit {

// Nodes with argument code get a function; these are their names in the module.
bool has_function(const exec::NodePlan& node);
std::string function_name(const exec::NodePlan& node);

// A node with a function, outside whole-function regions, as (region, index in the region),
// and the symbol the engine calls for it with the node's id.
struct NodeEntry {
  std::uint32_t region = 0;
  std::uint32_t index = 0;
  std::string symbol;
};
inline constexpr std::size_t kNodesPerDispatcher = 32;
// In lowering order.
std::vector<NodeEntry> node_entries(const exec::Plan& plan, int opt_level);

// Map and filter bodies of pure expressions with at most RegionCode::kMaxInputs free inputs
// get one function for the whole body instead (`plumb_region_<index>`), called once per item;
// their nodes keep the interpreter (for traced items and after a bail-out).
bool has_function(const exec::Plan& plan, std::uint32_t region);
std::string region_function_name(std::uint32_t region);

std::unique_ptr<llvm::Module> lower(const exec::Plan& plan, int opt_level,
                                    llvm::LLVMContext& context);

}  // namespace plumb::jit
