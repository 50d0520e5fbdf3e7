// Host target machines and the new pass manager's default -O2 pipeline. Instructions are
// selected with FastISel at every level: after the -O2 IR pipeline the SelectionDAG selector
// did not make the generated code measurably faster and took a quarter of the compile time.
#include "runtime/jit/optimize.hpp"

#include <mutex>
#include <stdexcept>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Transforms/IPO/AlwaysInliner.h>
#include <llvm/Transforms/IPO/GlobalDCE.h>

namespace plumb::jit {

std::unique_ptr<llvm::TargetMachine> host_machine(int opt_level) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    throw std::runtime_error("the jit cannot target this machine: " +
                             llvm::toString(builder.takeError()));
  builder->setCodeGenOptLevel(opt_level == 0 ? llvm::CodeGenOpt::None : llvm::CodeGenOpt::Default);
  auto machine = builder->createTargetMachine();
  if (!machine)
    throw std::runtime_error("the jit cannot target this machine: " +
                             llvm::toString(machine.takeError()));
  (*machine)->setFastISel(true);
  return std::move(*machine);
}

void optimize(llvm::Module& module, llvm::TargetMachine& machine, int opt_level) {
  module.setTargetTriple(machine.getTargetTriple().str());
  module.setDataLayout(machine.createDataLayout());
  if (opt_level == 0) return;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes;
  passes.addPass(llvm::AlwaysInlinerPass());
  passes.addPass(llvm::GlobalDCEPass());
  passes.addPass(builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2));
  passes.run(module, modules);
}

}  // namespace plumb::jit
