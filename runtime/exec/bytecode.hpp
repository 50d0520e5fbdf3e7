// The interpreter's expression code. A node's argument trees compile into one linear program
// for a small register machine: an operand names a register, one of the node's inputs or a
// constant, and is read in place (no copy, no reference-count traffic); only results go to
// registers. `? :`, `and` and `or` are jumps, so they evaluate lazily. Each instruction keeps
// its source location, so a failing operation is reported where it is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <plumb/value.hpp>

#include "compiler/ir/ir.hpp"

namespace plumb::exec {

enum class OperandKind : std::uint8_t { Register, Input, Constant };

struct Operand {
  OperandKind kind = OperandKind::Constant;
  std::uint32_t index = 0;
};

enum class OpCode : std::uint8_t {
  Unary,
  Binary,
  Field,
  Index,
  List,
  Record,
  Builtin,
  Concat,
  Move,         // dst = a
  JumpIfFalse,  // if not a (a bool, checked): jump to aux
  JumpIfTrue,   // if a (a bool, checked): jump to aux
  Jump,         // jump to aux
  CheckBool,    // a must be a bool (the right side of `and`/`or`)
};

struct Instr {
  OpCode op;
  std::uint8_t sub = 0;  // ops::Unary / ops::Binary
  std::uint16_t dst = 0;
  Operand a, b;
  std::uint32_t aux = 0;          // field name, builtin, shape, jump target, check message
  std::uint32_t first_extra = 0;  // variadic operands in Code::extra
  std::uint32_t extra_count = 0;
  ir::SourceLoc loc;
};

struct Code {
  std::vector<Instr> instrs;
  std::vector<Operand> extra;
  std::vector<Operand> outputs;  // one per argument tree
  std::uint16_t registers = 0;
};

// Where the constants, shapes and names an instruction refers to live.
struct CodePool {
  const std::vector<Value>* constants = nullptr;
  const std::vector<Shape>* shapes = nullptr;
  const std::vector<std::string>* strings = nullptr;
};

// Compiles the argument trees of `node`.
Code compile(const ir::Module& module, const ir::Node& node);

// An operation failed while evaluating: the message, its kind and where it is written.
struct EvalError {
  std::string kind;
  std::string message;
  ir::SourceLoc loc;
};

// Evaluates `code`, writing one value per argument into `out`. Throws EvalError.
void evaluate(const Code& code, const CodePool& pool, const Value* const* inputs, Value* out);

}  // namespace plumb::exec
