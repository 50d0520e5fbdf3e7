// Static types of the .pipe language: `int float str bool any null list[T] record T?`, plus
// closed record types inferred from record literals (`{a: int, b: str}`) and an internal
// `error` type that poisons expressions after a reported mistake. Types are interned: a `Type`
// is one pointer, compared by identity, cheap to copy and safe to share between threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb {

enum class TypeKind : std::uint8_t {
  Error,
  Any,
  Null,
  Bool,
  Int,
  Float,
  Str,
  List,
  Record,
  Nullable
};

namespace detail {
struct TypeNode;
}

// The deepest type (a scalar is 1 deep, `list[int]` 2, `list[int?]` 3). Only chains of
// pipelines each wrapping the next one's result reach it: a list, nullable or record whose
// element would make it deeper gets `any` for that element (checked at run time), so that
// printing and comparing types stays cheap and shallow.
inline constexpr std::uint32_t kMaxTypeDepth = 1024;

struct RecordField;

class Type {
 public:
  Type();  // any

  static Type error();
  static Type any();
  static Type null();
  static Type boolean();
  static Type integer();
  static Type number();
  static Type string();
  static Type list(Type element);
  static Type nullable(Type inner);
  // An open record: any record, fields unknown.
  static Type record();
  // A closed record whose fields and their order are known.
  static Type record(std::span<const RecordField> fields);

  TypeKind kind() const;
  // Levels of nesting, at most kMaxTypeDepth.
  std::uint32_t depth() const;
  bool is(TypeKind kind) const { return this->kind() == kind; }
  bool is_error() const { return is(TypeKind::Error); }
  bool is_any() const { return is(TypeKind::Any); }
  bool is_numeric() const { return is(TypeKind::Int) || is(TypeKind::Float); }
  // Element type of a list, or the wrapped type of a nullable.
  Type element() const;
  bool is_closed_record() const;
  std::span<const RecordField> fields() const;
  // The type of field `name` of a closed record, or nullptr-like error() when absent.
  const RecordField* find_field(std::string_view name) const;

  std::string to_string() const;

  friend bool operator==(Type a, Type b) { return a.node_ == b.node_; }
  const detail::TypeNode* id() const { return node_; }

 private:
  explicit Type(const detail::TypeNode* node) : node_(node) {}
  const detail::TypeNode* node_;
};

struct RecordField {
  std::string name;
  Type type;
};

// Could a value of type `from` be accepted where `to` is expected? False only when the
// mismatch is certain (for example `str` where `int` is needed); uncertain cases such as
// `any` or `T?` are left to the run-time check.
bool may_flow_to(Type from, Type to);

// The least type that holds values of both (merged `if` outputs, list literal elements).
Type join(Type a, Type b);

// Strips one level of nullability: `int?` -> `int`.
Type non_null(Type t);

}  // namespace plumb
