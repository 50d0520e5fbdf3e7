// Deep equality and stable hashing of plumb::Value: both walk nested values without recursion
// (so any depth is fine); a container is equal to itself without a look inside. An int equals a
// float only when the float is exactly that integer, and the two hash alike.
#include <plumb/value.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>

#include "base/value/hashing.hpp"
#include "base/value/walk_stack.hpp"

namespace plumb {

using detail::Object;
using hashing::hash_bytes;
using hashing::hash_key;
using hashing::mix;

namespace {

// Exact: an int equals a float only when the float is that very integer (as `<` compares), so
// equality stays transitive and agrees with stable_hash beyond 2^53.
bool int_equals_float(std::int64_t i, double d) {
  if (!(d >= -0x1p63 && d < 0x1p63)) return false;  // NaN, infinities, out of range
  return d == std::trunc(d) && static_cast<std::int64_t>(d) == i;
}

}  // namespace

namespace {

// Equality of two values that are not both lists or both records, and of the sizes and keys
// of two containers of one kind (whose slots are compared next).
[[gnu::always_inline]] inline bool shallow_equal(const Value& a, const Value& b) noexcept {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    if (a.is_int()) return int_equals_float(a.as_int(), b.as_float());
    if (b.is_int()) return int_equals_float(b.as_int(), a.as_float());
    return a.as_float() == b.as_float();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Null:
    case ValueKind::Absent:
      return true;
    case ValueKind::Bool:
      return a.as_bool() == b.as_bool();
    case ValueKind::Str:
      return a.as_str() == b.as_str();
    case ValueKind::List:
      return a.as_list().size() == b.as_list().size();
    case ValueKind::Record: {
      ShapeView xs = a.shape();
      ShapeView ys = b.shape();
      if (xs.size() != ys.size()) return false;
      if (xs == ys) return true;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (xs.key(i) != ys.key(i)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// The slots of a list or record still to compare with those of the other.
struct EqualFrame {
  const Value* a;
  const Value* b;
  std::size_t left;
};

std::span<const Value> container_slots(const Value& v) noexcept {
  return v.is_list() ? v.as_list() : v.field_values();
}

// Whether two values that are shallowly equal still need their slots compared: containers
// that are not the same object and not empty.
bool slots_to_compare(const Value& a, const Value& b) noexcept {
  return (a.is_list() || a.is_record()) && a.object() != b.object() && !container_slots(a).empty();
}

}  // namespace

// A container is equal to itself without a look inside (so a value that shares its parts,
// like `x = [x, x]` repeated, compares in time linear in its distinct parts when they are
// the same objects).
bool operator==(const Value& a, const Value& b) noexcept {
  if (!shallow_equal(a, b)) return false;
  if (!slots_to_compare(a, b)) return true;
  WalkStack<EqualFrame> pending;
  pending.push({container_slots(a).data(), container_slots(b).data(), container_slots(a).size()});
  for (;;) {
    EqualFrame* frame = &pending.top();
    while (frame->left > 0) {
      const Value& x = *frame->a++;
      const Value& y = *frame->b++;
      --frame->left;
      if (!shallow_equal(x, y)) return false;
      if (slots_to_compare(x, y)) {
        std::span<const Value> xs = container_slots(x);
        pending.push({xs.data(), container_slots(y).data(), xs.size()});
        frame = &pending.top();
      }
    }
    pending.pop();
    if (pending.empty()) return true;
  }
}

namespace {

std::uint64_t kind_tag(ValueKind kind) noexcept {
  return static_cast<std::uint64_t>(kind) * 0x9e3779b97f4a7c15ULL;
}

// The hash of a value that is not a list or record.
std::uint64_t scalar_hash(const Value& value) noexcept {
  std::uint64_t tag = kind_tag(value.kind());
  switch (value.kind()) {
    case ValueKind::Null:
    case ValueKind::Absent:
      return mix(tag);
    case ValueKind::Bool:
      return mix(tag ^ (value.as_bool() ? 1 : 2));
    case ValueKind::Int:
      return mix(tag ^ static_cast<std::uint64_t>(value.as_int()));
    case ValueKind::Float: {
      double d = value.as_float();
      // Integral floats hash like the equal int, so hashing agrees with == (int_equals_float).
      if (d >= -0x1p63 && d < 0x1p63 && d == std::trunc(d)) {
        return scalar_hash(Value::integer(static_cast<std::int64_t>(d)));
      }
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      return mix(tag ^ std::bit_cast<std::uint64_t>(d));
    }
    case ValueKind::Str:
      return hash_bytes(value.as_str(), tag);
    default:
      return tag;
  }
}

// A list or record being hashed: its slots, how many are done, the hash so far, and the
// shape whose keys are mixed in before each record value.
struct HashFrame {
  const Value* slots;
  std::size_t size;
  std::size_t done;
  std::uint64_t hash;
  const Object* shape;
};

bool has_slots(const Value& v) noexcept {
  return (v.is_list() || v.is_record()) && !container_slots(v).empty();
}

HashFrame hash_frame(const Value& container) noexcept {
  std::span<const Value> slots = container_slots(container);
  return {slots.data(), slots.size(), 0, kind_tag(container.kind()),
          container.is_record() ? container.shape().object() : nullptr};
}

// The hash of a value without slots: a scalar, or an empty list or record (its tag).
std::uint64_t leaf_hash(const Value& value) noexcept {
  return value.is_list() || value.is_record() ? kind_tag(value.kind()) : scalar_hash(value);
}

}  // namespace

// A list hashes as h = tag, then h = mix(31 h + hash(item)) per item; a record mixes in
// hash_key(key) before each value the same way.
std::uint64_t stable_hash(const Value& value) noexcept {
  if (!has_slots(value)) return leaf_hash(value);
  WalkStack<HashFrame> pending;
  pending.push(hash_frame(value));
  HashFrame* frame = &pending.top();
  for (;;) {
    while (frame->done < frame->size) {
      if (frame->shape != nullptr) {
        ShapeView keys(frame->shape);
        frame->hash = mix(frame->hash * 31 + hash_key(keys.key(frame->done)));
      }
      const Value& item = frame->slots[frame->done];
      if (has_slots(item)) {
        pending.push(hash_frame(item));
        frame = &pending.top();
        continue;
      }
      frame->hash = mix(frame->hash * 31 + leaf_hash(item));
      ++frame->done;
    }
    const std::uint64_t hash = frame->hash;
    pending.pop();
    if (pending.empty()) return hash;
    frame = &pending.top();
    frame->hash = mix(frame->hash * 31 + hash);
    ++frame->done;
  }
}

}  // namespace plumb
