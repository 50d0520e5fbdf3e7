// Allocation, destruction, record shapes, deep equality and stable hashing of plumb::Value.
// Heap objects are one allocation each: the Object header followed by trailing storage.
#include <plumb/value.hpp>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

#include <sys/mman.h>

namespace plumb {
namespace {

using detail::Object;

// A record's trailing storage starts with the shape pointer, padded to 16 bytes.
struct RecordPrefix {
  Object* shape;
  std::uint64_t padding;
};
static_assert(sizeof(RecordPrefix) == 16);

// Shapes with more keys than this get an open-addressing hash index after the key pointers.
constexpr std::size_t kLinearShapeLimit = 8;

// malloc's alignment is enough for Object, and calloc gives ListBuilder zeroed (null) slots.
static_assert(alignof(std::max_align_t) >= alignof(Object));
static_assert(static_cast<int>(ValueKind::Null) == 0);

Object* initialize(void* memory, ValueKind kind, std::size_t size) {
  if (memory == nullptr) throw std::bad_alloc();
  auto* object = static_cast<Object*>(memory);
  new (&object->refs) std::atomic<std::uint32_t>(1);
  object->kind = kind;
  object->size = size;
  return object;
}

Object* allocate(ValueKind kind, std::size_t size, std::size_t trailing_bytes) {
  return initialize(std::malloc(sizeof(Object) + trailing_bytes), kind, size);
}

void deallocate(Object* object) {
  std::free(object);
}

Value* list_items(Object* o) {
  return reinterpret_cast<Value*>(o + 1);
}
RecordPrefix* record_prefix(Object* o) {
  return reinterpret_cast<RecordPrefix*>(o + 1);
}
Value* record_values(Object* o) {
  return reinterpret_cast<Value*>(record_prefix(o) + 1);
}
Object** shape_keys(Object* o) {
  return reinterpret_cast<Object**>(o + 1);
}
std::uint32_t* shape_index(Object* o) {
  return reinterpret_cast<std::uint32_t*>(shape_keys(o) + o->size);
}
std::size_t shape_index_slots(std::size_t keys) {
  return keys <= kLinearShapeLimit ? 0 : std::bit_ceil(keys * 2);
}

std::string_view object_string(const Object* o) {
  return {detail::string_data(o), static_cast<std::size_t>(o->size)};
}

Object* make_string_object(std::string_view text) {
  Object* o = allocate(ValueKind::Str, text.size(), text.size() + 1);
  char* data = detail::string_data(o);
  if (!text.empty()) std::memcpy(data, text.data(), text.size());
  data[text.size()] = '\0';
  return o;
}

// Exact: an int equals a float only when the float is that very integer (as `<` compares), so
// equality stays transitive and agrees with stable_hash beyond 2^53.
bool int_equals_float(std::int64_t i, double d) {
  if (!(d >= -0x1p63 && d < 0x1p63)) return false;  // NaN, infinities, out of range
  return d == std::trunc(d) && static_cast<std::int64_t>(d) == i;
}

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// MurmurHash64A-style hashing of bytes with an explicit little-endian read, so the result
// does not depend on the machine.
std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) {
  constexpr std::uint64_t m = 0xc6a4a7935bd1e995ULL;
  std::uint64_t h = seed ^ (bytes.size() * m);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  while (n >= 8) {
    std::uint64_t k = 0;
    for (int i = 7; i >= 0; --i)
      k = (k << 8) | p[i];
    k *= m;
    k ^= k >> 47;
    k *= m;
    h ^= k;
    h *= m;
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  for (std::size_t i = n; i > 0; --i)
    tail = (tail << 8) | p[i - 1];
  if (n > 0) {
    h ^= tail;
    h *= m;
  }
  return mix(h);
}

std::uint64_t hash_key(std::string_view key) {
  return hash_bytes(key, 0x9e3779b97f4a7c15ULL);
}

}  // namespace

std::string_view kind_name(ValueKind kind) {
  switch (kind) {
    case ValueKind::Null:
      return "null";
    case ValueKind::Bool:
      return "bool";
    case ValueKind::Int:
      return "int";
    case ValueKind::Float:
      return "float";
    case ValueKind::Absent:
      return "absent";
    case ValueKind::Str:
      return "str";
    case ValueKind::List:
      return "list";
    case ValueKind::Record:
      return "record";
    case ValueKind::Shape:
      return "shape";
  }
  return "?";
}

std::string_view type_name(const Value& value) noexcept {
  return kind_name(value.kind());
}

void detail::destroy(Object* object) noexcept {
  switch (object->kind) {
    case ValueKind::List: {
      Value* items = list_items(object);
      for (std::size_t i = 0; i < object->size; ++i)
        items[i].~Value();
      break;
    }
    case ValueKind::Record: {
      Value* values = record_values(object);
      for (std::size_t i = 0; i < object->size; ++i)
        values[i].~Value();
      detail::release(record_prefix(object)->shape);
      break;
    }
    case ValueKind::Shape: {
      Object** keys = shape_keys(object);
      for (std::size_t i = 0; i < object->size; ++i)
        detail::release(keys[i]);
      break;
    }
    default:
      break;
  }
  deallocate(object);
}

Value Value::string(std::string_view text) {
  return adopt(make_string_object(text));
}

Value Value::list(std::span<const Value> items) {
  Object* o = allocate(ValueKind::List, items.size(), items.size() * sizeof(Value));
  Value* out = list_items(o);
  for (std::size_t i = 0; i < items.size(); ++i)
    new (&out[i]) Value(items[i]);
  return adopt(o);
}

Value Value::list(std::vector<Value>&& items) {
  Object* o = allocate(ValueKind::List, items.size(), items.size() * sizeof(Value));
  Value* out = list_items(o);
  for (std::size_t i = 0; i < items.size(); ++i)
    new (&out[i]) Value(std::move(items[i]));
  items.clear();
  return adopt(o);
}

namespace {

// Lists this large are written once item by item, so huge pages cut their page faults by 512.
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

void advise_huge_pages(void* memory, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  if (bytes < 4 * kHugePageBytes) return;
  auto begin =
      (reinterpret_cast<std::uintptr_t>(memory) + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(memory) + bytes) & ~(kHugePageBytes - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)memory;
  (void)bytes;
#endif
}

}  // namespace

ListBuilder::ListBuilder(std::size_t capacity)
    : object_(initialize(std::calloc(1, sizeof(Object) + capacity * sizeof(Value)), ValueKind::List,
                         capacity)) {
  advise_huge_pages(object_, sizeof(Object) + capacity * sizeof(Value));
}

ListBuilder& ListBuilder::operator=(ListBuilder&& other) noexcept {
  ListBuilder moved(std::move(other));
  std::swap(object_, moved.object_);
  return *this;
}

ListBuilder::~ListBuilder() {
  if (object_ != nullptr) detail::destroy(object_);
}

std::size_t ListBuilder::capacity() const noexcept {
  return object_ == nullptr ? 0 : static_cast<std::size_t>(object_->size);
}

Value& ListBuilder::operator[](std::size_t index) noexcept {
  return list_items(object_)[index];
}

Value ListBuilder::finish(std::size_t count) {
  assert(object_ != nullptr && count <= object_->size);
  const std::size_t capacity = static_cast<std::size_t>(object_->size);
  Value* items = list_items(object_);
  for (std::size_t i = count; i < capacity; ++i)
    items[i].~Value();
  object_->size = count;
  // A filter that kept few items gives back the rest of the memory.
  if (count < capacity / 2) {
    if (void* smaller = std::realloc(object_, sizeof(Object) + count * sizeof(Value)))
      object_ = static_cast<Object*>(smaller);
  }
  return Value::adopt(std::exchange(object_, nullptr));
}

std::span<const Value> Value::as_list() const noexcept {
  return {list_items(object_), static_cast<std::size_t>(object_->size)};
}

Value Value::record(const Shape& shape, std::span<const Value> values) {
  assert(values.size() == shape.size());
  Object* o = allocate(ValueKind::Record, values.size(),
                       sizeof(RecordPrefix) + values.size() * sizeof(Value));
  detail::retain(shape.object());
  record_prefix(o)->shape = shape.object();
  Value* out = record_values(o);
  for (std::size_t i = 0; i < values.size(); ++i)
    new (&out[i]) Value(values[i]);
  return adopt(o);
}

Value Value::record(const Shape& shape, std::vector<Value>&& values) {
  assert(values.size() == shape.size());
  Object* o = allocate(ValueKind::Record, values.size(),
                       sizeof(RecordPrefix) + values.size() * sizeof(Value));
  detail::retain(shape.object());
  record_prefix(o)->shape = shape.object();
  Value* out = record_values(o);
  for (std::size_t i = 0; i < values.size(); ++i)
    new (&out[i]) Value(std::move(values[i]));
  values.clear();
  return adopt(o);
}

Value Value::record(std::span<const std::pair<std::string_view, Value>> fields) {
  std::vector<std::string_view> keys;
  std::vector<Value> values;
  keys.reserve(fields.size());
  values.reserve(fields.size());
  for (const auto& [key, value] : fields) {
    bool replaced = false;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) {
        values[i] = value;
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      keys.push_back(key);
      values.push_back(value);
    }
  }
  return record(Shape(std::span<const std::string_view>(keys)), std::move(values));
}

ShapeView Value::shape() const noexcept {
  return ShapeView(record_prefix(object_)->shape);
}

std::span<const Value> Value::field_values() const noexcept {
  return {record_values(object_), static_cast<std::size_t>(object_->size)};
}

const Value* Value::find_field(std::string_view key) const noexcept {
  auto index = shape().index_of(key);
  return index ? &record_values(object_)[*index] : nullptr;
}

Shape::Shape(std::span<const std::string_view> keys) : object_(nullptr) {
  build(keys.size(), keys.data());
}

Shape::Shape(std::span<const std::string> keys) : object_(nullptr) {
  std::vector<std::string_view> views(keys.begin(), keys.end());
  build(views.size(), views.data());
}

void Shape::build(std::size_t count, const std::string_view* keys) {
  std::size_t slots = shape_index_slots(count);
  object_ =
      allocate(ValueKind::Shape, count, count * sizeof(Object*) + slots * sizeof(std::uint32_t));
  Object** out = shape_keys(object_);
  for (std::size_t i = 0; i < count; ++i)
    out[i] = make_string_object(keys[i]);
  if (slots == 0) return;
  std::uint32_t* index = shape_index(object_);
  std::fill(index, index + slots, UINT32_MAX);
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t slot = hash_key(keys[i]) & (slots - 1);
    while (index[slot] != UINT32_MAX)
      slot = (slot + 1) & (slots - 1);
    index[slot] = static_cast<std::uint32_t>(i);
  }
}

Shape::Shape(ShapeView view) noexcept : object_(const_cast<Object*>(view.object())) {
  detail::retain(object_);
}

Shape::Shape(const Shape& other) noexcept : object_(other.object_) {
  detail::retain(object_);
}

Shape& Shape::operator=(const Shape& other) noexcept {
  detail::retain(other.object_);
  detail::release(object_);
  object_ = other.object_;
  return *this;
}

Shape::~Shape() {
  detail::release(object_);
}

std::string_view ShapeView::key(std::size_t index) const noexcept {
  return object_string(shape_keys(const_cast<Object*>(object_))[index]);
}

std::optional<std::size_t> ShapeView::index_of(std::string_view key) const noexcept {
  std::size_t count = size();
  Object* shape = const_cast<Object*>(object_);
  Object** keys = shape_keys(shape);
  if (count <= kLinearShapeLimit) {
    for (std::size_t i = 0; i < count; ++i) {
      if (object_string(keys[i]) == key) return i;
    }
    return std::nullopt;
  }
  std::size_t slots = shape_index_slots(count);
  const std::uint32_t* index = shape_index(shape);
  for (std::size_t slot = hash_key(key) & (slots - 1);; slot = (slot + 1) & (slots - 1)) {
    std::uint32_t entry = index[slot];
    if (entry == UINT32_MAX) return std::nullopt;
    if (object_string(keys[entry]) == key) return entry;
  }
}

bool operator==(const Value& a, const Value& b) noexcept {
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
    case ValueKind::List: {
      auto x = a.as_list(), y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] == y[i])) return false;
      }
      return true;
    }
    case ValueKind::Record: {
      auto xv = a.field_values(), yv = b.field_values();
      if (xv.size() != yv.size()) return false;
      ShapeView xs = a.shape();
      ShapeView ys = b.shape();
      for (std::size_t i = 0; i < xv.size(); ++i) {
        if (xs.key(i) != ys.key(i) || !(xv[i] == yv[i])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

std::uint64_t stable_hash(const Value& value) noexcept {
  std::uint64_t tag = static_cast<std::uint64_t>(value.kind()) * 0x9e3779b97f4a7c15ULL;
  switch (value.kind()) {
    case ValueKind::Null:
    case ValueKind::Absent:
      return mix(tag);
    case ValueKind::Bool:
      return mix(tag ^ (value.as_bool() ? 1 : 2));
    case ValueKind::Int:
      return mix(static_cast<std::uint64_t>(ValueKind::Int) * 0x9e3779b97f4a7c15ULL ^
                 static_cast<std::uint64_t>(value.as_int()));
    case ValueKind::Float: {
      double d = value.as_float();
      // Integral floats hash like the equal int, so hashing agrees with ==.
      if (std::isfinite(d) && d == std::trunc(d) && d >= -9.2e18 && d <= 9.2e18) {
        return stable_hash(Value::integer(static_cast<std::int64_t>(d)));
      }
      if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
      return mix(tag ^ std::bit_cast<std::uint64_t>(d));
    }
    case ValueKind::Str:
      return hash_bytes(value.as_str(), tag);
    case ValueKind::List: {
      std::uint64_t h = tag;
      for (const Value& item : value.as_list())
        h = mix(h * 31 + stable_hash(item));
      return h;
    }
    case ValueKind::Record: {
      std::uint64_t h = tag;
      ShapeView shape = value.shape();
      auto values = value.field_values();
      for (std::size_t i = 0; i < values.size(); ++i) {
        h = mix(h * 31 + hash_key(shape.key(i)));
        h = mix(h * 31 + stable_hash(values[i]));
      }
      return h;
    }
    case ValueKind::Shape:
      return tag;
  }
  return tag;
}

}  // namespace plumb
