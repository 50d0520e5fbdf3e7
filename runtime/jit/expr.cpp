// The Emitter's expressions: constants and inputs, operators specialised on static types
// (inline int/float/bool arithmetic and comparisons with the interpreter's checks), lazy
// `and`/`or`/`? :`, field reads through a per-site shape cache, and helper calls for the rest.
// Operands are evaluated left to right, as in the interpreter.
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include "runtime/jit/emitter.hpp"

namespace plumb::jit {

namespace {

using ir::ExprOp;
using ops::Binary;

Rep rep_of(Type type) {
  switch (type.kind()) {
    case TypeKind::Int:
      return Rep::Int;
    case TypeKind::Float:
      return Rep::Float;
    case TypeKind::Bool:
      return Rep::Bool;
    default:
      return Rep::Boxed;
  }
}

// The representation an operand is used in: its own when unboxed, else its static type's
// (a boxed value is then unboxed behind a guard on its kind).
Rep use_as(const Lowered& v, Type type) {
  return v.rep != Rep::Boxed ? v.rep : rep_of(type);
}

bool numeric(Rep r) {
  return r == Rep::Int || r == Rep::Float;
}

constexpr std::uint64_t kRecordValues = 32;  // Object header, then shape pointer and padding
constexpr std::uint64_t kRecordShape = 16;

}  // namespace

Lowered Emitter::expr(ir::ExprId id) {
  const ir::ExprNode& e = ir_.expr(id);
  switch (e.op) {
    case ExprOp::Const:
      return constant(e.aux);
    case ExprOp::Input: {
      if (bound_inputs_ != nullptr) {
        Lowered bound = (*bound_inputs_)[e.aux];
        bound.owned = false;
        return bound;
      }
      llvm::Value* at = b_.CreateConstGEP1_64(b_.getPtrTy(), inputs_arg_, e.aux);
      return {Rep::Boxed, b_.CreateLoad(b_.getPtrTy(), at, "input"), false};
    }
    case ExprOp::Unary:
      return unary(e);
    case ExprOp::Binary:
      return binary(e);
    case ExprOp::And:
    case ExprOp::Or:
      return logical(e);
    case ExprOp::Ternary:
      return ternary(e);
    case ExprOp::Field:
      return field(e);
    case ExprOp::Index: {
      llvm::Value* object = boxed(expr(ir_.expr_arg(e, 0)));
      llvm::Value* at = boxed(expr(ir_.expr_arg(e, 1)));
      llvm::Value* temp = temporary();
      bail_unless_ok(b_.CreateCall(helpers_.index, {object, at, temp}));
      return {Rep::Boxed, temp, true};
    }
    case ExprOp::List:
    case ExprOp::Record:
    case ExprOp::Builtin:
    case ExprOp::Concat:
      return call(e);
  }
  return {};
}

Lowered Emitter::constant(std::uint32_t index) {
  const Value& c = ir_.constants[index];
  switch (c.kind()) {
    case ValueKind::Int:
      return {Rep::Int, int_const(c.as_int())};
    case ValueKind::Float:
      return {Rep::Float, llvm::ConstantFP::get(b_.getDoubleTy(), c.as_float())};
    case ValueKind::Bool:
      return {Rep::Bool, b_.getInt1(c.as_bool())};
    default:
      return {Rep::Boxed, b_.CreateConstGEP1_64(value_type_, constants_, index, "constant")};
  }
}

Lowered Emitter::unary(const ir::ExprNode& e) {
  ir::ExprId arg = ir_.expr_arg(e, 0);
  Lowered v = expr(arg);
  auto op = static_cast<ops::Unary>(e.sub);
  if (op == ops::Unary::Not) return {Rep::Bool, b_.CreateNot(as_bool(v))};
  switch (use_as(v, ir_.expr(arg).type)) {
    case Rep::Int: {
      llvm::Value* x = as_int(v);
      bail_if(b_.CreateICmpEQ(x, int_const(INT64_MIN)));
      return {Rep::Int, b_.CreateNeg(x)};
    }
    case Rep::Float:
      return {Rep::Float, b_.CreateFNeg(as_float(v))};
    default: {
      llvm::Value* temp = temporary();
      bail_unless_ok(b_.CreateCall(helpers_.unary, {b_.getInt32(e.sub), boxed(v), temp}));
      return {Rep::Boxed, temp, true};
    }
  }
}

Lowered Emitter::binary(const ir::ExprNode& e) {
  ir::ExprId lhs = ir_.expr_arg(e, 0);
  ir::ExprId rhs = ir_.expr_arg(e, 1);
  Lowered a = expr(lhs);
  Lowered b = expr(rhs);
  auto op = static_cast<Binary>(e.sub);
  Rep ra = use_as(a, ir_.expr(lhs).type);
  Rep rb = use_as(b, ir_.expr(rhs).type);
  Lowered result;
  switch (op) {
    case Binary::Eq:
    case Binary::Ne:
    case Binary::Lt:
    case Binary::Le:
    case Binary::Gt:
    case Binary::Ge:
      result = compare(op, a, b, ra, rb);
      break;
    case Binary::And:
    case Binary::Or:
      break;
    default:
      if (numeric(ra) && numeric(rb)) {
        if (ra == Rep::Int && rb == Rep::Int && op != Binary::Div) {
          result = int_arithmetic(op, as_int(a), as_int(b));
        } else {
          llvm::Value* x =
              ra == Rep::Int ? b_.CreateSIToFP(as_int(a), b_.getDoubleTy()) : as_float(a);
          llvm::Value* y =
              rb == Rep::Int ? b_.CreateSIToFP(as_int(b), b_.getDoubleTy()) : as_float(b);
          result = float_arithmetic(op, x, y);
        }
      }
  }
  if (result.value) return result;
  llvm::Value* temp = temporary();
  bail_unless_ok(b_.CreateCall(helpers_.binary, {b_.getInt32(e.sub), boxed(a), boxed(b), temp}));
  return {Rep::Boxed, temp, true};
}

// Checked like ops::add_int & co.: any overflow or zero divisor bails out.
Lowered Emitter::int_arithmetic(Binary op, llvm::Value* a, llvm::Value* b) {
  auto checked = [&](llvm::Intrinsic::ID id) {
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, a, b);
    bail_if(b_.CreateExtractValue(pair, 1));
    return Lowered{Rep::Int, b_.CreateExtractValue(pair, 0)};
  };
  switch (op) {
    case Binary::Add:
      return checked(llvm::Intrinsic::sadd_with_overflow);
    case Binary::Sub:
      return checked(llvm::Intrinsic::ssub_with_overflow);
    case Binary::Mul:
      return checked(llvm::Intrinsic::smul_with_overflow);
    case Binary::IntDiv: {
      bail_if(b_.CreateICmpEQ(b, int_const(0)));
      bail_if(b_.CreateAnd(b_.CreateICmpEQ(a, int_const(INT64_MIN)),
                           b_.CreateICmpEQ(b, int_const(-1))));
      llvm::Value* q = b_.CreateSDiv(a, b);
      llvm::Value* inexact = b_.CreateICmpNE(b_.CreateSRem(a, b), int_const(0));
      llvm::Value* signs = b_.CreateICmpSLT(b_.CreateXor(a, b), int_const(0));
      return {Rep::Int,
              b_.CreateSub(q, b_.CreateZExt(b_.CreateAnd(inexact, signs), b_.getInt64Ty()))};
    }
    default: {  // Mod: x % -1 is 0, computed as x % 1 (INT64_MIN % -1 would trap)
      bail_if(b_.CreateICmpEQ(b, int_const(0)));
      llvm::Value* divisor = b_.CreateSelect(b_.CreateICmpEQ(b, int_const(-1)), int_const(1), b);
      llvm::Value* r = b_.CreateSRem(a, divisor);
      llvm::Value* adjust = b_.CreateAnd(b_.CreateICmpNE(r, int_const(0)),
                                         b_.CreateICmpSLT(b_.CreateXor(r, divisor), int_const(0)));
      return {Rep::Int, b_.CreateSelect(adjust, b_.CreateAdd(r, divisor), r)};
    }
  }
}

// Like ops::binary: a zero divisor, or a result that is infinite or not a number (an
// overflow), bails out.
Lowered Emitter::float_arithmetic(Binary op, llvm::Value* a, llvm::Value* b) {
  auto zero_divisor = [&] {
    bail_if(b_.CreateFCmpOEQ(b, llvm::ConstantFP::get(b_.getDoubleTy(), 0.0)));
  };
  auto finite = [&](llvm::Value* result) {
    llvm::Value* magnitude = b_.CreateUnaryIntrinsic(llvm::Intrinsic::fabs, result);
    bail_if(b_.CreateFCmpUEQ(magnitude, llvm::ConstantFP::getInfinity(b_.getDoubleTy())));
    return Lowered{Rep::Float, result};
  };
  switch (op) {
    case Binary::Add:
      return finite(b_.CreateFAdd(a, b));
    case Binary::Sub:
      return finite(b_.CreateFSub(a, b));
    case Binary::Mul:
      return finite(b_.CreateFMul(a, b));
    case Binary::Div:
      zero_divisor();
      return finite(b_.CreateFDiv(a, b));
    case Binary::IntDiv:
      zero_divisor();
      return finite(b_.CreateCall(helpers_.floor, {b_.CreateFDiv(a, b)}));
    default:
      zero_divisor();
      return finite(b_.CreateCall(helpers_.fmod, {a, b}));
  }
}

// An int compared with a float converts exactly only within ±2^53 (the interpreter compares
// exactly); beyond that the comparison bails out.
llvm::Value* Emitter::exact_float(const Lowered& v, Rep rep) {
  if (rep != Rep::Int) return as_float(v);
  llvm::Value* x = as_int(v);
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  bail_if(b_.CreateICmpUGT(b_.CreateAdd(x, int_const(kExact)), int_const(2 * kExact)));
  return b_.CreateSIToFP(x, b_.getDoubleTy());
}

// Inline when both sides are numbers (ints, floats or one of each) or, for `==`/`!=`, bools;
// an empty result asks for the generic operator.
Lowered Emitter::compare(Binary op, Lowered a, Lowered b, Rep ra, Rep rb) {
  const bool equality = op == Binary::Eq || op == Binary::Ne;
  if (ra == Rep::Int && rb == Rep::Int) {
    static constexpr llvm::CmpInst::Predicate kInt[] = {
        llvm::CmpInst::ICMP_EQ,  llvm::CmpInst::ICMP_NE,  llvm::CmpInst::ICMP_SLT,
        llvm::CmpInst::ICMP_SLE, llvm::CmpInst::ICMP_SGT, llvm::CmpInst::ICMP_SGE};
    auto pred = kInt[static_cast<int>(op) - static_cast<int>(Binary::Eq)];
    return {Rep::Bool, b_.CreateICmp(pred, as_int(a), as_int(b))};
  }
  if (numeric(ra) && numeric(rb)) {
    static constexpr llvm::CmpInst::Predicate kFloat[] = {
        llvm::CmpInst::FCMP_OEQ, llvm::CmpInst::FCMP_UNE, llvm::CmpInst::FCMP_OLT,
        llvm::CmpInst::FCMP_OLE, llvm::CmpInst::FCMP_OGT, llvm::CmpInst::FCMP_OGE};
    auto pred = kFloat[static_cast<int>(op) - static_cast<int>(Binary::Eq)];
    return {Rep::Bool, b_.CreateFCmp(pred, exact_float(a, ra), exact_float(b, rb))};
  }
  if (equality && ra == Rep::Bool && rb == Rep::Bool) {
    llvm::Value* x = as_bool(a);
    llvm::Value* y = as_bool(b);
    return {Rep::Bool, op == Binary::Eq ? b_.CreateICmpEQ(x, y) : b_.CreateICmpNE(x, y)};
  }
  return {};
}

Lowered Emitter::logical(const ir::ExprNode& e) {
  const bool is_and = e.op == ExprOp::And;
  llvm::Value* lhs = as_bool(expr(ir_.expr_arg(e, 0)));
  llvm::BasicBlock* decided = b_.GetInsertBlock();
  llvm::BasicBlock* right = block(is_and ? "and.rhs" : "or.rhs");
  llvm::BasicBlock* join = block(is_and ? "and.end" : "or.end");
  if (is_and) {
    b_.CreateCondBr(lhs, right, join);
  } else {
    b_.CreateCondBr(lhs, join, right);
  }
  b_.SetInsertPoint(right);
  llvm::Value* rhs = as_bool(expr(ir_.expr_arg(e, 1)));
  llvm::BasicBlock* right_end = b_.GetInsertBlock();
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  llvm::PHINode* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getInt1(!is_and), decided);
  phi->addIncoming(rhs, right_end);
  return {Rep::Bool, phi};
}

Lowered Emitter::ternary(const ir::ExprNode& e) {
  llvm::Value* cond = as_bool(expr(ir_.expr_arg(e, 0)));
  llvm::BasicBlock* then_block = block("then");
  llvm::BasicBlock* else_block = block("else");
  llvm::BasicBlock* join = block("endif");
  b_.CreateCondBr(cond, then_block, else_block);
  b_.SetInsertPoint(then_block);
  Lowered then_value = expr(ir_.expr_arg(e, 1));
  llvm::BasicBlock* then_end = b_.GetInsertBlock();
  b_.SetInsertPoint(else_block);
  Lowered else_value = expr(ir_.expr_arg(e, 2));
  llvm::BasicBlock* else_end = b_.GetInsertBlock();
  // Both arms end unterminated; box them unless they agree on a scalar representation.
  const bool scalar = then_value.rep == else_value.rep && then_value.rep != Rep::Boxed;
  llvm::Value* from_then = then_value.value;
  llvm::Value* from_else = else_value.value;
  if (!scalar) {
    b_.SetInsertPoint(then_end);
    from_then = boxed(then_value);
    b_.SetInsertPoint(else_end);
    from_else = boxed(else_value);
  }
  b_.SetInsertPoint(then_end);
  b_.CreateBr(join);
  b_.SetInsertPoint(else_end);
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  llvm::PHINode* phi = b_.CreatePHI(from_then->getType(), 2);
  phi->addIncoming(from_then, then_end);
  phi->addIncoming(from_else, else_end);
  return {scalar ? then_value.rep : Rep::Boxed, phi, false};
}

// `object.name`: a pointer to the field inside the record (borrowed). The shape cache makes
// the common case two loads and a compare; a miss asks the helper, which refills the cache.
Lowered Emitter::field(const ir::ExprNode& e) {
  Lowered of = expr(ir_.expr_arg(e, 0));
  if (of.fields != nullptr) {
    Lowered kept = (*of.fields)[*ir_.shapes[of.shape].index_of(ir_.string(e.aux))];
    kept.owned = false;
    return kept;
  }
  llvm::Value* object = boxed(of);
  auto* cache =
      new llvm::GlobalVariable(module_, b_.getInt64Ty(), false, llvm::GlobalValue::InternalLinkage,
                               b_.getInt64(0), "field." + ir_.string(e.aux));
  llvm::BasicBlock* record = block("record");
  llvm::BasicBlock* hit = block("cached");
  llvm::BasicBlock* miss = block("lookup");
  llvm::BasicBlock* join = block("field");
  llvm::MDBuilder weights(context_);
  llvm::Value* is_record =
      b_.CreateICmpEQ(tag_of(object), b_.getInt8(static_cast<std::uint8_t>(ValueKind::Record)));
  b_.CreateCondBr(is_record, record, miss, weights.createBranchWeights(64, 1));
  b_.SetInsertPoint(record);
  llvm::Value* obj = payload(object, b_.getPtrTy());
  llvm::Value* shape =
      b_.CreateLoad(b_.getPtrTy(), b_.CreateConstGEP1_64(b_.getInt8Ty(), obj, kRecordShape));
  llvm::LoadInst* remembered = b_.CreateLoad(b_.getInt64Ty(), cache, "remembered");
  remembered->setAtomic(llvm::AtomicOrdering::Monotonic);
  remembered->setAlignment(llvm::Align(8));
  llvm::Value* same =
      b_.CreateICmpEQ(b_.CreateLShr(remembered, 16), b_.CreatePtrToInt(shape, b_.getInt64Ty()));
  b_.CreateCondBr(same, hit, miss, weights.createBranchWeights(64, 1));
  b_.SetInsertPoint(hit);
  llvm::Value* position = b_.CreateAnd(remembered, int_const(0xffff));
  llvm::Value* values = b_.CreateConstGEP1_64(b_.getInt8Ty(), obj, kRecordValues);
  llvm::Value* found = b_.CreateGEP(value_type_, values, position);
  b_.CreateBr(join);
  b_.SetInsertPoint(miss);
  llvm::Value* looked_up =
      b_.CreateCall(helpers_.field, {context_arg_, b_.getInt32(e.aux), object, cache});
  llvm::BasicBlock* miss_end = block("found");
  b_.CreateCondBr(b_.CreateIsNull(looked_up), bail_, miss_end, weights.createBranchWeights(1, 64));
  b_.SetInsertPoint(miss_end);
  b_.CreateBr(join);
  b_.SetInsertPoint(join);
  llvm::PHINode* phi = b_.CreatePHI(b_.getPtrTy(), 2, "field");
  phi->addIncoming(found, hit);
  phi->addIncoming(looked_up, miss_end);
  return {Rep::Boxed, phi, false};
}

// Lists, records, built-ins and interpolation: the operands as an array of Value pointers.
Lowered Emitter::call(const ir::ExprNode& e) {
  std::vector<llvm::Value*> operands;
  for (std::uint32_t i = 0; i < e.arg_count; ++i)
    operands.push_back(boxed(expr(ir_.expr_arg(e, i))));
  llvm::Value* array = llvm::ConstantPointerNull::get(b_.getPtrTy());
  if (!operands.empty()) {
    array = entry_.CreateAlloca(b_.getPtrTy(), b_.getInt32(e.arg_count), "operands");
    for (std::size_t i = 0; i < operands.size(); ++i) {
      b_.CreateStore(operands[i], b_.CreateConstGEP1_64(b_.getPtrTy(), array, i));
    }
  }
  llvm::Value* count = b_.getInt32(e.arg_count);
  llvm::Value* temp = temporary();
  llvm::Value* status = nullptr;
  switch (e.op) {
    case ExprOp::List:
      status = b_.CreateCall(helpers_.list, {array, count, temp});
      break;
    case ExprOp::Record:
      status =
          b_.CreateCall(helpers_.record, {context_arg_, b_.getInt32(e.aux), array, count, temp});
      break;
    case ExprOp::Builtin:
      status = b_.CreateCall(helpers_.builtin, {b_.getInt32(e.aux), array, count, temp});
      break;
    default:
      status = b_.CreateCall(helpers_.concat, {array, count, temp});
      break;
  }
  bail_unless_ok(status);
  return {Rep::Boxed, temp, true};
}

}  // namespace plumb::jit
