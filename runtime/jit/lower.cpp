// Lowering a whole plan: the helpers' declarations, one function per map or filter body of
// pure expressions, one per other node with argument code and the dispatchers that call the
// node functions, all in one module (one per program, so one compilation and one link).
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

std::vector<NodeEntry> node_entries(const exec::Plan& plan, int opt_level) {
  std::vector<NodeEntry> entries;
  for (std::uint32_t r = 0; r < plan.regions.size(); ++r) {
    if (has_function(plan, r)) continue;
    const std::vector<exec::NodePlan>& nodes = plan.regions[r].nodes;
    for (std::uint32_t i = 0; i < nodes.size(); ++i) {
      if (!has_function(nodes[i])) continue;
      std::string symbol =
          opt_level == 0 ? function_name(nodes[i])
                         : "plumb_nodes_" + std::to_string(entries.size() / kNodesPerDispatcher);
      entries.push_back({r, i, std::move(symbol)});
    }
  }
  return entries;
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

namespace {

// A dispatcher: a switch on the node id that calls the node's function; an unknown id bails
// out (the interpreter evaluates the node).
void emit_dispatcher(llvm::Module& module, llvm::FunctionType* type, const std::string& name,
                     const std::vector<const exec::NodePlan*>& nodes) {
  llvm::LLVMContext& c = module.getContext();
  auto* function = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, module);
  function->setDoesNotThrow();
  const char* names[] = {"context", "node", "inputs", "out"};
  std::vector<llvm::Value*> arguments;
  for (unsigned i = 0; i < 4; ++i) {
    function->getArg(i)->setName(names[i]);
    arguments.push_back(function->getArg(i));
  }
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(c, "entry", function));
  auto* unknown = llvm::BasicBlock::Create(c, "unknown", function);
  llvm::SwitchInst* cases =
      b.CreateSwitch(function->getArg(1), unknown, static_cast<unsigned>(nodes.size()));
  for (const exec::NodePlan* node : nodes) {
    auto* block = llvm::BasicBlock::Create(c, "node", function);
    b.SetInsertPoint(block);
    b.CreateRet(b.CreateCall(module.getFunction(function_name(*node)), arguments));
    cases->addCase(b.getInt32(node->id), block);
  }
  b.SetInsertPoint(unknown);
  b.CreateRet(b.getInt32(1));
}

}  // namespace

std::unique_ptr<llvm::Module> lower(const exec::Plan& plan, int opt_level,
                                    llvm::LLVMContext& context) {
  auto module = std::make_unique<llvm::Module>("plumb", context);
  HelperDecls helpers = HelperDecls::declare(*module);
  llvm::Type* ptr = llvm::PointerType::getUnqual(context);
  llvm::Type* i32 = llvm::Type::getInt32Ty(context);
  auto create = [&](llvm::FunctionType* type, const std::string& name) {
    auto* function =
        llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage, name, *module);
    function->setDoesNotThrow();
    function->getArg(0)->setName("context");
    function->getArg(type->getNumParams() - 2)->setName("inputs");
    function->getArg(type->getNumParams() - 1)->setName("out");
    return function;
  };
  auto* region_type = llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false);
  auto* node_type = llvm::FunctionType::get(i32, {ptr, i32, ptr, ptr}, false);
  std::vector<NodeEntry> entries = node_entries(plan, opt_level);
  std::size_t next = 0;  // entries are in region order
  std::vector<const exec::NodePlan*> group;
  for (std::uint32_t r = 0; r < plan.regions.size(); ++r) {
    if (has_function(plan, r)) {
      Emitter(*plan.module, *module, helpers, create(region_type, region_function_name(r)))
          .emit_region(plan.regions[r]);
    }
    for (; next < entries.size() && entries[next].region == r; ++next) {
      const exec::NodePlan& node = plan.regions[r].nodes[entries[next].index];
      llvm::Function* function = create(node_type, function_name(node));
      function->getArg(1)->setName("node");
      Emitter(*plan.module, *module, helpers, function).emit(plan.module->nodes[node.id]);
      if (opt_level == 0) continue;
      function->setLinkage(llvm::GlobalValue::InternalLinkage);
      function->addFnAttr(llvm::Attribute::AlwaysInline);
      group.push_back(&node);
      if (next + 1 == entries.size() || entries[next + 1].symbol != entries[next].symbol) {
        emit_dispatcher(*module, node_type, entries[next].symbol, group);
        group.clear();
      }
    }
  }
  return module;
}

}  // namespace plumb::jit
