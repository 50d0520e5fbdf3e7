// Allocation, destruction, lists and record shapes of plumb::Value. Heap objects are one
// allocation each: the Object header followed by trailing storage. Destruction walks nested
// values without recursion, so a value nested any number of levels deep never exhausts the
// stack. Equality and stable hashing are in value_compare.cpp.
#include <plumb/value.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <span>

#include <sys/mman.h>

#include "base/invariant/check.hpp"
#include "base/value/hashing.hpp"
#include "base/value/walk_stack.hpp"

namespace plumb {

using hashing::hash_key;

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

namespace {

// Drops one reference; true when it was the last one.
bool drop_reference(Object* object) noexcept {
  return object->refs.fetch_sub(1, std::memory_order_acq_rel) == 1;
}

// Frees a string, or a shape and its key strings: objects whose children are all strings.
void free_flat(Object* object) noexcept {
  if (object->kind == ValueKind::Shape) {
    Object** keys = shape_keys(object);
    for (std::size_t i = 0; i < object->size; ++i) {
      if (drop_reference(keys[i])) deallocate(keys[i]);
    }
  }
  deallocate(object);
}

bool is_container(const Object* object) noexcept {
  return object->kind == ValueKind::List || object->kind == ValueKind::Record;
}

// The Values a list or record holds.
Value* slots(Object* container) noexcept {
  return container->kind == ValueKind::List ? list_items(container) : record_values(container);
}

// Starts the destruction of a container whose last reference is gone: a record first lets go
// of its shape.
void begin_destroying(Object* container) noexcept {
  if (container->kind != ValueKind::Record) return;
  Object* shape = record_prefix(container)->shape;
  if (drop_reference(shape)) free_flat(shape);
}

// The way back up of the destruction walk is kept in the dying containers themselves: when
// the walk descends from a container into the child held at slot i, it has already released
// the slots after i and shrunk the container's size to i, so slot i is free storage and
// keeps the container the walk came from.
void store_parent(Value& free_slot, Object* parent) noexcept {
  void* storage = &free_slot;
  std::memcpy(storage, &parent, sizeof parent);
}

Object* load_parent(const Value& free_slot) noexcept {
  Object* parent;
  const void* storage = &free_slot;
  std::memcpy(&parent, storage, sizeof parent);
  return parent;
}

}  // namespace

// Destroys a value of any depth without recursion and without allocating: the walk visits
// dying containers depth first, releasing their slots from the last to the first.
void detail::destroy(Object* object) noexcept {
  if (!is_container(object)) {
    free_flat(object);
    return;
  }
  Object* parent = nullptr;
  Object* current = object;
  begin_destroying(current);
  for (;;) {
    Value* items = slots(current);
    Object* child = nullptr;
    std::size_t left = current->size;
    while (child == nullptr && left > 0) {
      Object* held = items[--left].object();
      if (held == nullptr || !drop_reference(held)) continue;
      if (!is_container(held)) {
        free_flat(held);
        continue;
      }
      begin_destroying(held);
      child = held;
    }
    current->size = left;
    if (child != nullptr) {
      store_parent(items[left], parent);
      parent = current;
      current = child;
      continue;
    }
    deallocate(current);
    if (parent == nullptr) return;
    current = parent;
    parent = load_parent(slots(current)[current->size]);
  }
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
  PLUMB_CHECK(object_ != nullptr && count <= object_->size,
              "a list builder finishes once, with at most the items it reserved");
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
  PLUMB_DCHECK(values.size() == shape.size(), "a record has one value per field of its shape");
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
  PLUMB_DCHECK(values.size() == shape.size(), "a record has one value per field of its shape");
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

}  // namespace plumb
