// The runtime helpers called by JIT-compiled code. Each wraps the interpreter's own operation
// (plumb::ops, built-ins) so both back ends share one definition of every operator; failures
// are reported as a nonzero status, never as an exception crossing native frames.
#include "runtime/jit/helpers.hpp"

#include <cmath>
#include <span>

#include "base/value/builtins.hpp"
#include "base/value/ops.hpp"

namespace plumb::jit {

namespace {

// Runs `body`; 1 when it throws (the interpreter will raise the error).
template <typename Body>
std::int32_t guarded(Body&& body) noexcept {
  try {
    body();
    return 0;
  } catch (...) {
    return 1;
  }
}

std::vector<Value> gather(const Value* const* items, std::uint32_t count) {
  std::vector<Value> values;
  values.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i)
    values.push_back(*items[i]);
  return values;
}

}  // namespace

const std::vector<HelperSymbol>& helper_symbols() {
  static const std::vector<HelperSymbol> symbols = {
      {"plumb_jit_unary", reinterpret_cast<void*>(&plumb_jit_unary)},
      {"plumb_jit_binary", reinterpret_cast<void*>(&plumb_jit_binary)},
      {"plumb_jit_field", reinterpret_cast<void*>(&plumb_jit_field)},
      {"plumb_jit_index", reinterpret_cast<void*>(&plumb_jit_index)},
      {"plumb_jit_list", reinterpret_cast<void*>(&plumb_jit_list)},
      {"plumb_jit_record", reinterpret_cast<void*>(&plumb_jit_record)},
      {"plumb_jit_builtin", reinterpret_cast<void*>(&plumb_jit_builtin)},
      {"plumb_jit_concat", reinterpret_cast<void*>(&plumb_jit_concat)},
      {"plumb_jit_assign", reinterpret_cast<void*>(&plumb_jit_assign)},
      {"plumb_jit_move", reinterpret_cast<void*>(&plumb_jit_move)},
      {"plumb_jit_clear", reinterpret_cast<void*>(&plumb_jit_clear)},
      {"plumb_jit_fmod", reinterpret_cast<void*>(&plumb_jit_fmod)},
      {"floor", reinterpret_cast<void*>(static_cast<double (*)(double)>(&std::floor))},
  };
  return symbols;
}

}  // namespace plumb::jit

using plumb::Value;
using plumb::jit::Context;
using plumb::jit::gather;
using plumb::jit::guarded;

std::int32_t plumb_jit_unary(std::uint32_t op, const Value* a, Value* out) {
  return guarded([&] { *out = plumb::ops::unary(static_cast<plumb::ops::Unary>(op), *a); });
}

std::int32_t plumb_jit_binary(std::uint32_t op, const Value* a, const Value* b, Value* out) {
  return guarded([&] { *out = plumb::ops::binary(static_cast<plumb::ops::Binary>(op), *a, *b); });
}

const Value* plumb_jit_field(const Context* context, std::uint32_t name, const Value* object,
                             std::uint64_t* cache) {
  if (!object->is_record()) return nullptr;
  auto shape = reinterpret_cast<std::uintptr_t>(object->shape().object());
  auto position = object->shape().index_of(context->strings[name]);
  if (!position) return nullptr;
  if (*position < 0x10000) {
    __atomic_store_n(cache, (static_cast<std::uint64_t>(shape) << 16) | *position,
                     __ATOMIC_RELAXED);
  }
  return &object->field_values()[*position];
}

std::int32_t plumb_jit_index(const Value* object, const Value* at, Value* out) {
  return guarded([&] { *out = plumb::ops::index(*object, *at); });
}

std::int32_t plumb_jit_list(const Value* const* items, std::uint32_t count, Value* out) {
  return guarded([&] { *out = Value::list(gather(items, count)); });
}

std::int32_t plumb_jit_record(const Context* context, std::uint32_t shape,
                              const Value* const* values, std::uint32_t count, Value* out) {
  return guarded([&] { *out = Value::record(context->shapes[shape], gather(values, count)); });
}

std::int32_t plumb_jit_builtin(std::uint32_t builtin, const Value* const* args, std::uint32_t count,
                               Value* out) {
  return guarded([&] {
    std::vector<Value> values = gather(args, count);
    *out = plumb::builtins::get(static_cast<int>(builtin)).call(values);
  });
}

std::int32_t plumb_jit_concat(const Value* const* parts, std::uint32_t count, Value* out) {
  return guarded([&] {
    std::string text;
    for (std::uint32_t i = 0; i < count; ++i) {
      const Value& part = *parts[i];
      if (part.is_str()) {
        text += part.as_str();
      } else {
        text += plumb::ops::to_text(part);
      }
    }
    *out = Value::string(text);
  });
}

void plumb_jit_assign(Value* out, const Value* from) {
  *out = *from;
}

void plumb_jit_move(Value* out, Value* from) {
  *out = std::move(*from);
}

void plumb_jit_clear(Value* value) {
  *value = Value();
}

double plumb_jit_fmod(double a, double b) {
  double r = std::fmod(a, b);
  if (r == 0) return std::copysign(0.0, b);
  return (r < 0) != (b < 0) ? r + b : r;
}
