// Lowering a whole plan: the helpers' declarations, one function per map or filter body of
// pure expressions and one per other node with argument code, all in one module (one per
// program, so one compilation and one link).
#include "runtime/jit/lower.hpp"

#include "runtime/jit/emitter.hpp"

namespace plumb::jit {

HelperDecls HelperDecls::declare(llvm::Module& module) {
  llvm::LLVMContext& c = module.getContext();
  llvm::Type* ptr = llvm::PointerType::getUnqual(c);
  llvm::Type* i32 = llvm::Type::getInt32Ty(c);
  llvm::Type* f64 = llvm::Type::getDoubleTy(c);
  llvm::Type* none = llvm::Type::getVoidTy(c);
  auto declare = [&](const char* name, llvm::Type* result, std::vector<llvm::Type*> params) {
    llvm::FunctionCallee callee =
        module.getOrInsertFunction(name, llvm::FunctionType::get(result, params, false));
    auto* function = llvm::cast<llvm::Function>(callee.getCallee());
    function->setDoesNotThrow();
    return callee;
  };
  HelperDecls h;
  h.unary = declare("plumb_jit_unary", i32, {i32, ptr, ptr});
  h.binary = declare("plumb_jit_binary", i32, {i32, ptr, ptr, ptr});
  h.field = declare("plumb_jit_field", ptr, {ptr, i32, ptr, ptr});
  h.index = declare("plumb_jit_index", i32, {ptr, ptr, ptr});
  h.list = declare("plumb_jit_list", i32, {ptr, i32, ptr});
  h.record = declare("plumb_jit_record", i32, {ptr, i32, ptr, i32, ptr});
  h.builtin = declare("plumb_jit_builtin", i32, {i32, ptr, i32, ptr});
  h.concat = declare("plumb_jit_concat", i32, {ptr, i32, ptr});
  h.assign = declare("plumb_jit_assign", none, {ptr, ptr});
  h.move = declare("plumb_jit_move", none, {ptr, ptr});
  h.clear = declare("plumb_jit_clear", none, {ptr});
  h.fmod = declare("plumb_jit_fmod", f64, {f64, f64});
  h.floor = declare("floor", f64, {f64});
  llvm::cast<llvm::Function>(h.fmod.getCallee())->setDoesNotAccessMemory();
  llvm::cast<llvm::Function>(h.floor.getCallee())->setDoesNotAccessMemory();
  return h;
}

bool has_function(const exec::NodePlan& node) {
  return node.arg_count > 0;
}

std::string function_name(const exec::NodePlan& node) {
  return "plumb_node_" + std::to_string(node.id);
}

bool has_function(const exec::Plan& plan, std::uint32_t region) {
  const exec::RegionPlan& r = plan.regions[region];
  if (!r.straight_line || r.nodes.empty() || r.results.size() != 1) return false;
  if (r.free_inputs.size() > exec::RegionCode::kMaxInputs) return false;
  ir::NodeId owner = plan.module->regions[region].owner;
  if (!owner.valid()) return false;
  ir::NodeKind kind = plan.module->node(owner).kind;
  return kind == ir::NodeKind::Map || kind == ir::NodeKind::Filter;
}

std::string region_function_name(std::uint32_t region) {
  return "plumb_region_" + std::to_string(region);
}

std::unique_ptr<llvm::Module> lower(const exec::Plan& plan, llvm::LLVMContext& context) {
  auto module = std::make_unique<llvm::Module>("plumb", context);
  HelperDecls helpers = HelperDecls::declare(*module);
  llvm::Type* ptr = llvm::PointerType::getUnqual(context);
  auto* type = llvm::FunctionType::get(llvm::Type::getInt32Ty(context), {ptr, ptr, ptr}, false);
  auto create = [&](const std::string& name) {
    auto* function =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module);
    function->setDoesNotThrow();
    function->getArg(0)->setName("context");
    function->getArg(1)->setName("inputs");
    function->getArg(2)->setName("out");
    return function;
  };
  for (std::uint32_t r = 0; r < plan.regions.size(); ++r) {
    const exec::RegionPlan& region = plan.regions[r];
    if (has_function(plan, r)) {
      Emitter(*plan.module, *module, helpers, create(region_function_name(r))).emit_region(region);
      continue;
    }
    for (const exec::NodePlan& node : region.nodes) {
      if (!has_function(node)) continue;
      Emitter(*plan.module, *module, helpers, create(function_name(node)))
          .emit(plan.module->nodes[node.id]);
    }
  }
  return module;
}

}  // namespace plumb::jit
