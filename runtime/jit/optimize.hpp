// The target and the IR optimisation pipeline shared by the JIT and `plumb ir --emit llvm`.
#pragma once

#include <memory>

#include <llvm/IR/Module.h>
#include <llvm/Target/TargetMachine.h>

namespace plumb::jit {

// A TargetMachine for the host at the given level (0: no optimisation, fast instruction
// selection). Throws std::runtime_error when LLVM has no target for this machine.
std::unique_ptr<llvm::TargetMachine> host_machine(int opt_level);

// Sets the module's triple and data layout for `machine`; when `opt_level` is 2, inlines the
// node functions into their dispatchers (lower.hpp) and runs the -O2 pipeline.
void optimize(llvm::Module& module, llvm::TargetMachine& machine, int opt_level);

}  // namespace plumb::jit
