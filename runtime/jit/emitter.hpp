// The lowering of one node's expression trees, or of a whole straight-line region, into one
// LLVM function (lower.hpp explains the scheme). Internal to runtime/jit: lower.cpp drives it,
// expr.cpp and values.cpp implement it.
#pragma once

#include <deque>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include "compiler/ir/ir.hpp"
#include "runtime/exec/plan.hpp"

namespace plumb::jit {

// The helpers of helpers.hpp, declared in the module being built.
struct HelperDecls {
  llvm::FunctionCallee unary, binary, field, index, list, record, builtin, concat;
  llvm::FunctionCallee assign, move, clear, fmod, floor;
  static HelperDecls declare(llvm::Module& module);
};

// How a lowered expression holds its value: an unboxed scalar or a pointer to a plumb::Value.
enum class Rep { Int, Float, Bool, Boxed };

struct Lowered {
  Rep rep = Rep::Boxed;
  llvm::Value* value = nullptr;
  bool owned = false;  // Boxed: a temporary of this function (its value may be moved out)
  // A record literal kept as its fields (only read by `.name` within a region function): the
  // fields in the order of the shape `shape`; `value` is then null.
  const std::vector<Lowered>* fields = nullptr;
  std::uint32_t shape = 0;
};

class Emitter {
 public:
  Emitter(const ir::Module& ir, llvm::Module& module, const HelperDecls& helpers,
          llvm::Function* function);
  // Emits the whole body: arguments into `out`, status 0, or 1 on any bail-out.
  void emit(const ir::Node& node);
  // region.cpp: emits a straight-line region as one function: its free inputs in `inputs`,
  // its result into `out`; node values stay unboxed between nodes.
  void emit_region(const exec::RegionPlan& region);

 private:
  // expr.cpp: expressions.
  Lowered expr(ir::ExprId id);
  Lowered constant(std::uint32_t index);
  Lowered unary(const ir::ExprNode& e);
  Lowered binary(const ir::ExprNode& e);
  Lowered int_arithmetic(ops::Binary op, llvm::Value* a, llvm::Value* b);
  Lowered float_arithmetic(ops::Binary op, llvm::Value* a, llvm::Value* b);
  Lowered compare(ops::Binary op, Lowered a, Lowered b, Rep ra, Rep rb);
  llvm::Value* exact_float(const Lowered& v, Rep rep);
  Lowered logical(const ir::ExprNode& e);
  Lowered ternary(const ir::ExprNode& e);
  Lowered field(const ir::ExprNode& e);
  Lowered call(const ir::ExprNode& e);

  // region.cpp: a record literal's fields, lowered one by one.
  Lowered record_fields(const ir::ExprNode& e);

  // values.cpp: representation changes, temporaries, checks and the exit.
  llvm::Value* as_int(const Lowered& v);
  llvm::Value* as_float(const Lowered& v);  // an int converts (mixed arithmetic)
  llvm::Value* as_bool(const Lowered& v);
  llvm::Value* boxed(const Lowered& v);
  llvm::Value* temporary();
  llvm::Value* tag_of(llvm::Value* boxed);
  llvm::Value* payload(llvm::Value* boxed, llvm::Type* type);
  void store_scalar(llvm::Value* to, const Lowered& v);
  void write_output(llvm::Value* to, const Lowered& v);
  void bail_if(llvm::Value* failed);  // continues in a new block when `failed` is false
  void bail_unless_ok(llvm::Value* status);
  void finish();
  void close(llvm::BasicBlock* done);  // the exit: status 0 from `done`, 1 from a bail-out

  llvm::Value* int_const(std::int64_t v);
  llvm::BasicBlock* block(const char* name);

  const ir::Module& ir_;
  llvm::Module& module_;
  const HelperDecls& helpers_;
  llvm::Function* function_;
  llvm::LLVMContext& context_;
  llvm::IRBuilder<> b_;
  llvm::IRBuilder<> entry_;  // allocas and temporaries' initialisation
  llvm::Type* value_type_;
  llvm::Value* context_arg_;
  llvm::Value* inputs_arg_;
  llvm::Value* out_arg_;
  llvm::Value* constants_ = nullptr;
  llvm::BasicBlock* body_ = nullptr;
  llvm::BasicBlock* bail_ = nullptr;
  llvm::BasicBlock* exit_ = nullptr;
  std::vector<llvm::Value*> temporaries_;
  // Region functions: what each `Input` of the node being lowered stands for, and the
  // fields of the record literals kept apart.
  const std::vector<Lowered>* bound_inputs_ = nullptr;
  std::deque<std::vector<Lowered>> record_fields_;
};

}  // namespace plumb::jit
