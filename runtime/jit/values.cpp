// The Emitter's plumbing: the function's frame (entry block with temporaries, the bail-out
// and exit blocks that release temporaries), guarded unboxing of plumb::Value payloads,
// boxing of scalars and writing results into the caller's Values.
#include <llvm/IR/MDBuilder.h>

#include "runtime/jit/emitter.hpp"

namespace plumb::jit {

namespace {

// plumb::Value: a ValueKind byte at offset 0, the payload at offset 8.
constexpr std::uint64_t kPayloadOffset = 8;
constexpr std::uint8_t kBool = static_cast<std::uint8_t>(ValueKind::Bool);
constexpr std::uint8_t kInt = static_cast<std::uint8_t>(ValueKind::Int);
constexpr std::uint8_t kFloat = static_cast<std::uint8_t>(ValueKind::Float);
constexpr std::uint8_t kFirstObject = static_cast<std::uint8_t>(ValueKind::Str);

std::uint8_t tag(Rep rep) {
  switch (rep) {
    case Rep::Int:
      return kInt;
    case Rep::Float:
      return kFloat;
    default:
      return kBool;
  }
}

}  // namespace

Emitter::Emitter(const ir::Module& ir, llvm::Module& module, const HelperDecls& helpers,
                 llvm::Function* function)
    : ir_(ir),
      module_(module),
      helpers_(helpers),
      function_(function),
      context_(module.getContext()),
      b_(context_),
      entry_(context_) {
  value_type_ = llvm::StructType::get(context_, {b_.getInt8Ty(), b_.getInt64Ty()});
  // Node functions take (context, node, inputs, out), region functions (context, inputs, out).
  const unsigned count = function->arg_size();
  context_arg_ = function->getArg(0);
  inputs_arg_ = function->getArg(count - 2);
  out_arg_ = function->getArg(count - 1);
  entry_.SetInsertPoint(block("entry"));
  body_ = block("body");
  bail_ = llvm::BasicBlock::Create(context_, "bail");
  exit_ = llvm::BasicBlock::Create(context_, "exit");
  b_.SetInsertPoint(body_);
}

llvm::BasicBlock* Emitter::block(const char* name) {
  return llvm::BasicBlock::Create(context_, name, function_);
}

llvm::Value* Emitter::int_const(std::int64_t v) {
  return b_.getInt64(static_cast<std::uint64_t>(v));
}

void Emitter::emit(const ir::Node& node) {
  constants_ = entry_.CreateLoad(entry_.getPtrTy(), context_arg_, "constants");
  std::vector<Lowered> results;
  for (ir::ExprId arg : node.args)
    results.push_back(expr(arg));
  for (std::size_t i = 0; i < results.size(); ++i) {
    llvm::Value* to = b_.CreateConstGEP1_64(value_type_, out_arg_, i, "out");
    write_output(to, results[i]);
  }
  close(b_.GetInsertBlock());
}

void Emitter::close(llvm::BasicBlock* done) {
  b_.CreateBr(exit_);
  bail_->insertInto(function_);
  exit_->insertInto(function_);
  b_.SetInsertPoint(bail_);
  b_.CreateBr(exit_);
  b_.SetInsertPoint(exit_);
  llvm::PHINode* status = b_.CreatePHI(b_.getInt32Ty(), 2, "status");
  status->addIncoming(b_.getInt32(0), done);
  status->addIncoming(b_.getInt32(1), bail_);
  finish();
  b_.CreateRet(status);
}

// Releases the temporaries that hold objects, then returns from the exit block.
void Emitter::finish() {
  for (llvm::Value* temp : temporaries_) {
    llvm::Value* is_object = b_.CreateICmpUGE(tag_of(temp), b_.getInt8(kFirstObject));
    llvm::BasicBlock* clear = block("release");
    llvm::BasicBlock* next = block("released");
    b_.CreateCondBr(is_object, clear, next);
    b_.SetInsertPoint(clear);
    b_.CreateCall(helpers_.clear, {temp});
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
  }
  entry_.CreateBr(body_);
}

void Emitter::bail_if(llvm::Value* failed) {
  llvm::BasicBlock* next = block("ok");
  llvm::MDBuilder weights(context_);
  b_.CreateCondBr(failed, bail_, next, weights.createBranchWeights(1, 1 << 20));
  b_.SetInsertPoint(next);
}

void Emitter::bail_unless_ok(llvm::Value* status) {
  bail_if(b_.CreateICmpNE(status, b_.getInt32(0)));
}

llvm::Value* Emitter::temporary() {
  llvm::Value* temp = entry_.CreateAlloca(value_type_, nullptr, "temp");
  entry_.CreateStore(entry_.getInt8(0), temp);
  temporaries_.push_back(temp);
  return temp;
}

llvm::Value* Emitter::tag_of(llvm::Value* boxed) {
  return b_.CreateLoad(b_.getInt8Ty(), boxed, "tag");
}

llvm::Value* Emitter::payload(llvm::Value* boxed, llvm::Type* type) {
  llvm::Value* at = b_.CreateConstGEP1_64(b_.getInt8Ty(), boxed, kPayloadOffset);
  return b_.CreateAlignedLoad(type, at, llvm::Align(8), "payload");
}

llvm::Value* Emitter::as_int(const Lowered& v) {
  if (v.rep == Rep::Int) return v.value;
  if (v.rep != Rep::Boxed) {
    bail_if(b_.getTrue());
    return int_const(0);
  }
  bail_if(b_.CreateICmpNE(tag_of(v.value), b_.getInt8(kInt)));
  return payload(v.value, b_.getInt64Ty());
}

llvm::Value* Emitter::as_float(const Lowered& v) {
  if (v.rep == Rep::Float) return v.value;
  if (v.rep == Rep::Int) return b_.CreateSIToFP(v.value, b_.getDoubleTy());
  if (v.rep != Rep::Boxed) {
    bail_if(b_.getTrue());
    return llvm::ConstantFP::get(b_.getDoubleTy(), 0.0);
  }
  bail_if(b_.CreateICmpNE(tag_of(v.value), b_.getInt8(kFloat)));
  return payload(v.value, b_.getDoubleTy());
}

llvm::Value* Emitter::as_bool(const Lowered& v) {
  if (v.rep == Rep::Bool) return v.value;
  if (v.rep != Rep::Boxed) {
    bail_if(b_.getTrue());
    return b_.getFalse();
  }
  bail_if(b_.CreateICmpNE(tag_of(v.value), b_.getInt8(kBool)));
  return b_.CreateICmpNE(payload(v.value, b_.getInt64Ty()), int_const(0));
}

llvm::Value* Emitter::boxed(const Lowered& v) {
  if (v.rep == Rep::Boxed) return v.value;
  llvm::Value* temp = temporary();
  store_scalar(temp, v);
  return temp;
}

void Emitter::store_scalar(llvm::Value* to, const Lowered& v) {
  b_.CreateStore(b_.getInt8(tag(v.rep)), to);
  llvm::Value* bits = v.rep == Rep::Bool ? b_.CreateZExt(v.value, b_.getInt64Ty()) : v.value;
  b_.CreateAlignedStore(bits, b_.CreateConstGEP1_64(b_.getInt8Ty(), to, kPayloadOffset),
                        llvm::Align(8));
}

// `*to = v`, releasing what `to` held. Scalars and borrowed scalars are stored inline.
void Emitter::write_output(llvm::Value* to, const Lowered& v) {
  if (v.rep == Rep::Boxed && v.owned) {
    b_.CreateCall(helpers_.move, {to, v.value});
    return;
  }
  llvm::Value* old_object = b_.CreateICmpUGE(tag_of(to), b_.getInt8(kFirstObject));
  llvm::Value* slow = old_object;
  llvm::Value* from_tag = nullptr;
  if (v.rep == Rep::Boxed) {
    from_tag = tag_of(v.value);
    slow = b_.CreateOr(slow, b_.CreateICmpUGE(from_tag, b_.getInt8(kFirstObject)));
  }
  llvm::BasicBlock* general = block("assign");
  llvm::BasicBlock* inline_store = block("store");
  llvm::BasicBlock* next = block("stored");
  llvm::MDBuilder weights(context_);
  b_.CreateCondBr(slow, general, inline_store, weights.createBranchWeights(1, 64));
  b_.SetInsertPoint(general);
  if (v.rep == Rep::Boxed) {
    b_.CreateCall(helpers_.assign, {to, v.value});
  } else {
    b_.CreateCall(helpers_.clear, {to});
    store_scalar(to, v);
  }
  b_.CreateBr(next);
  b_.SetInsertPoint(inline_store);
  if (v.rep == Rep::Boxed) {
    b_.CreateStore(from_tag, to);
    b_.CreateAlignedStore(payload(v.value, b_.getInt64Ty()),
                          b_.CreateConstGEP1_64(b_.getInt8Ty(), to, kPayloadOffset),
                          llvm::Align(8));
  } else {
    store_scalar(to, v);
  }
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
}

}  // namespace plumb::jit
