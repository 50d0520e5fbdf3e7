// The C ABI between JIT-compiled argument code and the runtime: small `extern "C"` functions
// over plumb::Value for everything that is not inline scalar arithmetic (strings, lists,
// records, built-ins, `any`). None of them lets an exception escape into native frames: a
// failing operation returns nonzero and the compiled code bails out, so the interpreter
// re-evaluates the node and raises the error with its exact kind, message and place.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <plumb/value.hpp>

namespace plumb::jit {

// What compiled code reads through its first argument: the plan's pools.
struct Context {
  const Value* constants = nullptr;
  const Shape* shapes = nullptr;
  const std::string* strings = nullptr;
};

// The signature of a dispatcher of compiled nodes (lower.hpp): evaluates the arguments of the
// node with id `node` into `out` and returns 0, or returns nonzero to bail out.
using Dispatcher = std::int32_t (*)(const Context* context, std::uint32_t node,
                                    const Value* const* inputs, Value* out);

struct HelperSymbol {
  std::string_view name;
  void* address;
};

// Every helper, for defining their symbols in the JIT.
const std::vector<HelperSymbol>& helper_symbols();

}  // namespace plumb::jit

extern "C" {
// Generic operators (`sub`/`op` are ops::Unary / ops::Binary); results are owned by `out`.
std::int32_t plumb_jit_unary(std::uint32_t op, const plumb::Value* a, plumb::Value* out);
std::int32_t plumb_jit_binary(std::uint32_t op, const plumb::Value* a, const plumb::Value* b,
                              plumb::Value* out);
// `record.name` without copying: the field inside the record, or null to bail out. `cache`
// remembers the last shape and position: (shape address << 16) | position.
const plumb::Value* plumb_jit_field(const plumb::jit::Context* context, std::uint32_t name,
                                    const plumb::Value* object, std::uint64_t* cache);
std::int32_t plumb_jit_index(const plumb::Value* object, const plumb::Value* at, plumb::Value* out);
std::int32_t plumb_jit_list(const plumb::Value* const* items, std::uint32_t count,
                            plumb::Value* out);
std::int32_t plumb_jit_record(const plumb::jit::Context* context, std::uint32_t shape,
                              const plumb::Value* const* values, std::uint32_t count,
                              plumb::Value* out);
std::int32_t plumb_jit_builtin(std::uint32_t builtin, const plumb::Value* const* args,
                               std::uint32_t count, plumb::Value* out);
std::int32_t plumb_jit_concat(const plumb::Value* const* parts, std::uint32_t count,
                              plumb::Value* out);
// `out = *from` (a counted copy), and `out = move(*from)`.
void plumb_jit_assign(plumb::Value* out, const plumb::Value* from);
void plumb_jit_move(plumb::Value* out, plumb::Value* from);
// Releases the object a value holds and leaves it null.
void plumb_jit_clear(plumb::Value* value);
// Float `%` with the sign of the divisor (never called with a zero divisor).
double plumb_jit_fmod(double a, double b);
}
