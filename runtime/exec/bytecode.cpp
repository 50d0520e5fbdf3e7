// Compilation of expression trees to register code, and the evaluation loop.
#include "runtime/exec/bytecode.hpp"

#include <plumb/error.hpp>

#include "base/value/builtins.hpp"
#include "base/value/ops.hpp"

namespace plumb::exec {

namespace {

using ir::ExprOp;

// What a conditional jump or a bool check is about, for its error message.
enum Condition : std::uint32_t { kAnd, kOr, kTernary };
const char* condition_text(std::uint32_t which) {
  switch (which) {
    case kAnd:
      return "the operands of `and`";
    case kOr:
      return "the operands of `or`";
    default:
      return "the condition of `? :`";
  }
}

class Compiler {
 public:
  Compiler(const ir::Module& module, Code& code) : m_(module), code_(code) {}

  Operand expr(ir::ExprId id) {
    const ir::ExprNode& e = m_.expr(id);
    switch (e.op) {
      case ExprOp::Const:
        return {OperandKind::Constant, e.aux};
      case ExprOp::Input:
        return {OperandKind::Input, e.aux};
      case ExprOp::Unary: {
        Operand a = expr(m_.expr_arg(e, 0));
        return emit({OpCode::Unary, e.sub, 0, a, {}, 0, 0, 0, e.loc});
      }
      case ExprOp::Binary: {
        Operand a = expr(m_.expr_arg(e, 0));
        Operand b = expr(m_.expr_arg(e, 1));
        return emit({OpCode::Binary, e.sub, 0, a, b, 0, 0, 0, e.loc});
      }
      case ExprOp::Field: {
        Operand a = expr(m_.expr_arg(e, 0));
        return emit({OpCode::Field, 0, 0, a, {}, e.aux, 0, 0, e.loc});
      }
      case ExprOp::Index: {
        Operand a = expr(m_.expr_arg(e, 0));
        Operand b = expr(m_.expr_arg(e, 1));
        return emit({OpCode::Index, 0, 0, a, b, 0, 0, 0, e.loc});
      }
      case ExprOp::List:
        return variadic(OpCode::List, e);
      case ExprOp::Record:
        return variadic(OpCode::Record, e);
      case ExprOp::Builtin:
        return variadic(OpCode::Builtin, e);
      case ExprOp::Concat:
        return variadic(OpCode::Concat, e);
      case ExprOp::And:
      case ExprOp::Or:
        return logical(e);
      case ExprOp::Ternary:
        return ternary(e);
    }
    return {};
  }

 private:
  std::uint16_t new_register() { return code_.registers++; }

  Operand emit(Instr instr) {
    instr.dst = new_register();
    code_.instrs.push_back(instr);
    return {OperandKind::Register, instr.dst};
  }

  void emit_at(Instr instr) { code_.instrs.push_back(instr); }
  std::uint32_t here() const { return static_cast<std::uint32_t>(code_.instrs.size()); }

  Operand variadic(OpCode op, const ir::ExprNode& e) {
    std::vector<Operand> operands;
    for (std::uint32_t i = 0; i < e.arg_count; ++i)
      operands.push_back(expr(m_.expr_arg(e, i)));
    auto first = static_cast<std::uint32_t>(code_.extra.size());
    code_.extra.insert(code_.extra.end(), operands.begin(), operands.end());
    return emit({op, 0, 0, {}, {}, e.aux, first, e.arg_count, e.loc});
  }

  // `a and b`: the result is `a` when it decides, else `b` (which must be a bool).
  Operand logical(const ir::ExprNode& e) {
    bool is_and = e.op == ExprOp::And;
    std::uint32_t which = is_and ? kAnd : kOr;
    std::uint16_t dst = new_register();
    Operand a = expr(m_.expr_arg(e, 0));
    emit_at({OpCode::Move, 0, dst, a, {}, 0, 0, 0, e.loc});
    std::uint32_t jump = here();
    emit_at({is_and ? OpCode::JumpIfFalse : OpCode::JumpIfTrue, 0, 0, a, {}, 0, which, 0, e.loc});
    Operand b = expr(m_.expr_arg(e, 1));
    emit_at({OpCode::CheckBool, 0, 0, b, {}, which, 0, 0, e.loc});
    emit_at({OpCode::Move, 0, dst, b, {}, 0, 0, 0, e.loc});
    code_.instrs[jump].aux = here();
    return {OperandKind::Register, dst};
  }

  Operand ternary(const ir::ExprNode& e) {
    std::uint16_t dst = new_register();
    Operand cond = expr(m_.expr_arg(e, 0));
    std::uint32_t to_else = here();
    emit_at({OpCode::JumpIfFalse, 0, 0, cond, {}, 0, kTernary, 0, e.loc});
    Operand then_value = expr(m_.expr_arg(e, 1));
    emit_at({OpCode::Move, 0, dst, then_value, {}, 0, 0, 0, e.loc});
    std::uint32_t to_end = here();
    emit_at({OpCode::Jump, 0, 0, {}, {}, 0, 0, 0, e.loc});
    code_.instrs[to_else].aux = here();
    Operand else_value = expr(m_.expr_arg(e, 2));
    emit_at({OpCode::Move, 0, dst, else_value, {}, 0, 0, 0, e.loc});
    code_.instrs[to_end].aux = here();
    return {OperandKind::Register, dst};
  }

  const ir::Module& m_;
  Code& code_;
};

constexpr std::uint16_t kStackRegisters = 16;

}  // namespace

Code compile(const ir::Module& module, const ir::Node& node) {
  Code code;
  Compiler compiler(module, code);
  for (ir::ExprId arg : node.args)
    code.outputs.push_back(compiler.expr(arg));
  return code;
}

void evaluate(const Code& code, const CodePool& pool, const Value* const* inputs, Value* out) {
  Value stack[kStackRegisters];
  std::vector<Value> heap;
  Value* regs = stack;
  if (code.registers > kStackRegisters) {
    heap.resize(code.registers);
    regs = heap.data();
  }
  const std::vector<Value>& constants = *pool.constants;
  auto read = [&](const Operand& o) -> const Value& {
    switch (o.kind) {
      case OperandKind::Register:
        return regs[o.index];
      case OperandKind::Input:
        return *inputs[o.index];
      case OperandKind::Constant:
        break;
    }
    return constants[o.index];
  };
  std::vector<Value> args;
  const std::size_t size = code.instrs.size();
  std::size_t pc = 0;
  try {
    while (pc < size) {
      const Instr& in = code.instrs[pc++];
      switch (in.op) {
        case OpCode::Unary:
          regs[in.dst] = ops::unary(static_cast<ops::Unary>(in.sub), read(in.a));
          break;
        case OpCode::Binary:
          regs[in.dst] = ops::binary(static_cast<ops::Binary>(in.sub), read(in.a), read(in.b));
          break;
        case OpCode::Field:
          regs[in.dst] = ops::field(read(in.a), (*pool.strings)[in.aux]);
          break;
        case OpCode::Index:
          regs[in.dst] = ops::index(read(in.a), read(in.b));
          break;
        case OpCode::Move:
          regs[in.dst] = read(in.a);
          break;
        case OpCode::JumpIfFalse:
          if (!ops::truth(read(in.a), condition_text(in.first_extra))) pc = in.aux;
          break;
        case OpCode::JumpIfTrue:
          if (ops::truth(read(in.a), condition_text(in.first_extra))) pc = in.aux;
          break;
        case OpCode::Jump:
          pc = in.aux;
          break;
        case OpCode::CheckBool:
          ops::truth(read(in.a), condition_text(in.aux));
          break;
        case OpCode::List:
        case OpCode::Record:
        case OpCode::Builtin:
        case OpCode::Concat: {
          args.clear();
          for (std::uint32_t i = 0; i < in.extra_count; ++i) {
            args.push_back(read(code.extra[in.first_extra + i]));
          }
          if (in.op == OpCode::List) {
            regs[in.dst] = Value::list(std::move(args));
          } else if (in.op == OpCode::Record) {
            regs[in.dst] = Value::record((*pool.shapes)[in.aux], std::span<const Value>(args));
          } else if (in.op == OpCode::Builtin) {
            regs[in.dst] = builtins::get(static_cast<int>(in.aux)).call(args);
          } else {
            std::string text;
            for (const Value& part : args) {
              if (part.is_str()) {
                text += part.as_str();
              } else {
                text += ops::to_text(part);
              }
            }
            regs[in.dst] = Value::string(text);
          }
          break;
        }
      }
    }
  } catch (const ValueError& error) {
    throw EvalError{error.kind(), error.what(), code.instrs[pc - 1].loc};
  }
  for (std::size_t i = 0; i < code.outputs.size(); ++i)
    out[i] = read(code.outputs[i]);
}

}  // namespace plumb::exec
