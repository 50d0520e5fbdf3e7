// Run-time values of the .pipe language: null, bool, int, float, str, list and record.
// A Value is 16 bytes: a kind tag and an 8-byte payload. Scalars live inline; strings, lists
// and records are immutable heap objects with an atomic reference count, so a value is cheap
// to copy and safe to share between threads. Records keep their keys in insertion order and
// share a `Shape` (the key list) between records of the same layout. The layout is public
// (namespace `detail`) because JIT-compiled code reads payloads directly.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb {

// `Absent` is internal: the value of a map item that did not yield. It never reaches users.
// Kinds from `Str` on are heap objects (`Shape` only ever appears inside records).
enum class ValueKind : std::uint8_t { Null, Bool, Int, Float, Absent, Str, List, Record, Shape };

std::string_view kind_name(ValueKind kind);

class Value;
class Shape;
class ShapeView;

namespace detail {

struct alignas(16) Object {
  std::atomic<std::uint32_t> refs;
  ValueKind kind;
  std::uint8_t reserved[3];
  std::uint64_t size;  // bytes of a string, items of a list, fields of a record or shape
};
static_assert(sizeof(Object) == 16);

void destroy(Object* object) noexcept;

inline void retain(Object* object) noexcept {
  object->refs.fetch_add(1, std::memory_order_relaxed);
}
inline void release(Object* object) noexcept {
  if (object->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(object);
}

// Trailing storage: characters of a string, Values of a list, the shape pointer then Values of
// a record, key strings of a shape.
inline char* string_data(Object* o) {
  return reinterpret_cast<char*>(o + 1);
}
inline const char* string_data(const Object* o) {
  return reinterpret_cast<const char*>(o + 1);
}

}  // namespace detail

class Value {
 public:
  constexpr Value() noexcept : kind_(ValueKind::Null), bits_(0) {}
  static Value boolean(bool b) noexcept {
    Value v(ValueKind::Bool);
    v.bits_ = b ? 1 : 0;
    return v;
  }
  static Value integer(std::int64_t i) noexcept {
    Value v(ValueKind::Int);
    v.int_ = i;
    return v;
  }
  static Value number(double d) noexcept {
    Value v(ValueKind::Float);
    v.float_ = d;
    return v;
  }
  static Value absent() noexcept { return Value(ValueKind::Absent); }
  static Value string(std::string_view text);
  static Value list(std::span<const Value> items);
  static Value list(std::vector<Value>&& items);
  // A record with the given keys (in order) and values; `values.size()` must match the shape.
  static Value record(const Shape& shape, std::span<const Value> values);
  static Value record(const Shape& shape, std::vector<Value>&& values);
  // Builds a record from key/value pairs; a repeated key keeps its first position and the
  // last value.
  static Value record(std::span<const std::pair<std::string_view, Value>> fields);

  Value(const Value& other) noexcept : kind_(other.kind_), bits_(other.bits_) {
    if (is_object()) detail::retain(object_);
  }
  Value(Value&& other) noexcept : kind_(other.kind_), bits_(other.bits_) {
    other.kind_ = ValueKind::Null;
    other.bits_ = 0;
  }
  Value& operator=(const Value& other) noexcept {
    Value copy(other);
    swap(copy);
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    Value moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~Value() {
    if (is_object()) detail::release(object_);
  }
  void swap(Value& other) noexcept {
    std::swap(kind_, other.kind_);
    std::swap(bits_, other.bits_);
  }

  ValueKind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == ValueKind::Null; }
  bool is_bool() const noexcept { return kind_ == ValueKind::Bool; }
  bool is_int() const noexcept { return kind_ == ValueKind::Int; }
  bool is_float() const noexcept { return kind_ == ValueKind::Float; }
  bool is_number() const noexcept { return is_int() || is_float(); }
  bool is_str() const noexcept { return kind_ == ValueKind::Str; }
  bool is_list() const noexcept { return kind_ == ValueKind::List; }
  bool is_record() const noexcept { return kind_ == ValueKind::Record; }
  bool is_absent() const noexcept { return kind_ == ValueKind::Absent; }
  bool is_object() const noexcept { return kind_ >= ValueKind::Str; }

  bool as_bool() const noexcept { return bits_ != 0; }
  std::int64_t as_int() const noexcept { return int_; }
  double as_float() const noexcept { return float_; }
  // An int or a float as a double.
  double as_number() const noexcept { return is_int() ? static_cast<double>(int_) : float_; }
  std::string_view as_str() const noexcept {
    return {detail::string_data(object_), static_cast<std::size_t>(object_->size)};
  }
  std::span<const Value> as_list() const noexcept;
  // Records.
  ShapeView shape() const noexcept;
  std::span<const Value> field_values() const noexcept;
  const Value* find_field(std::string_view key) const noexcept;

  // The object behind a string, list or record (for the JIT's C ABI and identity checks).
  detail::Object* object() const noexcept { return is_object() ? object_ : nullptr; }
  std::uint64_t raw_bits() const noexcept { return bits_; }

 private:
  explicit constexpr Value(ValueKind kind) noexcept : kind_(kind), bits_(0) {}
  friend class Shape;
  friend class ListBuilder;
  static Value adopt(detail::Object* object) noexcept {
    Value v(object->kind);
    v.object_ = object;
    return v;
  }

  ValueKind kind_;
  union {
    std::uint64_t bits_;
    std::int64_t int_;
    double float_;
    detail::Object* object_;
  };
};
static_assert(sizeof(Value) == 16);

// Builds a list in place: `capacity` null slots written by index (from any thread, each slot
// by one writer), then finish() keeps the first `count` slots as the list. Large lists come
// from zeroed pages, so a map's result list is neither filled twice nor copied.
class ListBuilder {
 public:
  explicit ListBuilder(std::size_t capacity);
  ListBuilder(ListBuilder&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  ListBuilder& operator=(ListBuilder&& other) noexcept;
  ~ListBuilder();

  std::size_t capacity() const noexcept;
  Value& operator[](std::size_t index) noexcept;
  // The list of the first `count` slots (count <= capacity); the builder is empty afterwards.
  Value finish(std::size_t count);

 private:
  detail::Object* object_;
};

// A non-owning view of a record's ordered key list. Lookups are linear for small shapes and
// hashed for large ones.
class ShapeView {
 public:
  explicit ShapeView(const detail::Object* shape) noexcept : object_(shape) {}
  std::size_t size() const noexcept { return static_cast<std::size_t>(object_->size); }
  std::string_view key(std::size_t index) const noexcept;
  std::optional<std::size_t> index_of(std::string_view key) const noexcept;
  const detail::Object* object() const noexcept { return object_; }
  friend bool operator==(ShapeView a, ShapeView b) noexcept { return a.object_ == b.object_; }

 private:
  const detail::Object* object_;
};

// The ordered key list of a record, shared by every record built with it.
class Shape {
 public:
  explicit Shape(std::span<const std::string_view> keys);
  explicit Shape(std::span<const std::string> keys);
  explicit Shape(ShapeView view) noexcept;
  Shape(const Shape& other) noexcept;
  Shape& operator=(const Shape& other) noexcept;
  ~Shape();

  ShapeView view() const noexcept { return ShapeView(object_); }
  std::size_t size() const noexcept { return view().size(); }
  std::string_view key(std::size_t index) const noexcept { return view().key(index); }
  std::optional<std::size_t> index_of(std::string_view key) const noexcept {
    return view().index_of(key);
  }
  detail::Object* object() const noexcept { return object_; }

 private:
  void build(std::size_t count, const std::string_view* keys);
  detail::Object* object_;
};

// Deep equality; an int and a float are equal when the float is exactly that integer.
bool operator==(const Value& a, const Value& b) noexcept;

// A 64-bit hash that is the same on every machine and run, consistent with ==.
std::uint64_t stable_hash(const Value& value) noexcept;

// Short human-readable type name of a value for error messages (`int`, `list`, ...).
std::string_view type_name(const Value& value) noexcept;

}  // namespace plumb
