// Interning and the relations of static types (may_flow_to, join). Every distinct type exists
// once for the life of the process, so types compare by pointer. Compound types are interned
// under a mutex; the scalar types are static.
#include <plumb/type.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <tuple>

namespace plumb {
namespace detail {

struct TypeNode {
  explicit TypeNode(TypeKind k, const TypeNode* e = nullptr, std::vector<RecordField> f = {},
                    bool c = false)
      : kind(k), element(e), closed(c), fields(std::move(f)) {
    if (element) depth = element->depth + 1;
    for (const RecordField& field : fields)
      depth = std::max(depth, field.type.depth() + 1);
  }
  TypeKind kind;
  const TypeNode* element;  // list element or nullable inner type
  bool closed;              // record with known fields
  std::vector<RecordField> fields;
  std::uint32_t depth = 1;
};

}  // namespace detail

namespace {

using detail::TypeNode;

const TypeNode kError{TypeKind::Error};
const TypeNode kAny{TypeKind::Any};
const TypeNode kNull{TypeKind::Null};
const TypeNode kBool{TypeKind::Bool};
const TypeNode kInt{TypeKind::Int};
const TypeNode kFloat{TypeKind::Float};
const TypeNode kStr{TypeKind::Str};
const TypeNode kOpenRecord{TypeKind::Record};

class TypeTable {
 public:
  const TypeNode* wrap(TypeKind kind, const TypeNode* element) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = wrapped_.try_emplace({kind, element}, nullptr);
    if (inserted) {
      nodes_.emplace_back(kind, element);
      it->second = &nodes_.back();
    }
    return it->second;
  }

  const TypeNode* record(std::span<const RecordField> fields) {
    std::vector<std::pair<std::string, const TypeNode*>> key;
    key.reserve(fields.size());
    for (const RecordField& f : fields)
      key.emplace_back(f.name, f.type.id());
    std::lock_guard lock(mutex_);
    auto [it, inserted] = records_.try_emplace(std::move(key), nullptr);
    if (inserted) {
      nodes_.emplace_back(TypeKind::Record, nullptr,
                          std::vector<RecordField>(fields.begin(), fields.end()), true);
      it->second = &nodes_.back();
    }
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::deque<TypeNode> nodes_;
  std::map<std::pair<TypeKind, const TypeNode*>, const TypeNode*> wrapped_;
  std::map<std::vector<std::pair<std::string, const TypeNode*>>, const TypeNode*> records_;
};

TypeTable& table() {
  static TypeTable instance;
  return instance;
}

}  // namespace

Type::Type() : node_(&kAny) {
}
Type Type::error() {
  return Type(&kError);
}
Type Type::any() {
  return Type(&kAny);
}
Type Type::null() {
  return Type(&kNull);
}
Type Type::boolean() {
  return Type(&kBool);
}
Type Type::integer() {
  return Type(&kInt);
}
Type Type::number() {
  return Type(&kFloat);
}
Type Type::string() {
  return Type(&kStr);
}
Type Type::record() {
  return Type(&kOpenRecord);
}
// An element that would make a type deeper than kMaxTypeDepth is `any`.
Type Type::list(Type element) {
  if (element.depth() >= kMaxTypeDepth) element = any();
  return Type(table().wrap(TypeKind::List, element.node_));
}

Type Type::nullable(Type inner) {
  if (inner.depth() >= kMaxTypeDepth) return any();
  switch (inner.kind()) {
    case TypeKind::Error:
    case TypeKind::Any:
    case TypeKind::Null:
    case TypeKind::Nullable:
      return inner;
    default:
      return Type(table().wrap(TypeKind::Nullable, inner.node_));
  }
}

Type Type::record(std::span<const RecordField> fields) {
  const bool too_deep = std::any_of(fields.begin(), fields.end(), [](const RecordField& f) {
    return f.type.depth() >= kMaxTypeDepth;
  });
  if (!too_deep) return Type(table().record(fields));
  std::vector<RecordField> shallow(fields.begin(), fields.end());
  for (RecordField& f : shallow) {
    if (f.type.depth() >= kMaxTypeDepth) f.type = any();
  }
  return Type(table().record(shallow));
}

TypeKind Type::kind() const {
  return node_->kind;
}
std::uint32_t Type::depth() const {
  return node_->depth;
}
Type Type::element() const {
  return node_->element ? Type(node_->element) : any();
}
bool Type::is_closed_record() const {
  return node_->closed;
}
std::span<const RecordField> Type::fields() const {
  return node_->fields;
}

const RecordField* Type::find_field(std::string_view name) const {
  for (const RecordField& f : node_->fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string Type::to_string() const {
  switch (kind()) {
    case TypeKind::Error:
      return "<error>";
    case TypeKind::Any:
      return "any";
    case TypeKind::Null:
      return "null";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Int:
      return "int";
    case TypeKind::Float:
      return "float";
    case TypeKind::Str:
      return "str";
    case TypeKind::List:
      return "list[" + element().to_string() + "]";
    case TypeKind::Nullable:
      return element().to_string() + "?";
    case TypeKind::Record: {
      if (!is_closed_record()) return "record";
      std::string text = "{";
      for (std::size_t i = 0; i < fields().size(); ++i) {
        if (i > 0) text += ", ";
        text += fields()[i].name + ": " + fields()[i].type.to_string();
      }
      return text + "}";
    }
  }
  return "?";
}

Type non_null(Type t) {
  return t.is(TypeKind::Nullable) ? t.element() : t;
}

bool may_flow_to(Type from, Type to) {
  if (from == to) return true;
  TypeKind f = from.kind(), t = to.kind();
  if (f == TypeKind::Error || t == TypeKind::Error || f == TypeKind::Any || t == TypeKind::Any) {
    return true;
  }
  if (t == TypeKind::Nullable) {
    return f == TypeKind::Null || may_flow_to(non_null(from), to.element());
  }
  // A nullable value may turn out non-null at run time.
  if (f == TypeKind::Nullable) return may_flow_to(from.element(), to);
  if (f == TypeKind::Int && t == TypeKind::Float) return true;
  if (f != t) return false;
  if (f == TypeKind::List) return may_flow_to(from.element(), to.element());
  if (f == TypeKind::Record && from.is_closed_record() && to.is_closed_record()) {
    for (const RecordField& wanted : to.fields()) {
      const RecordField* have = from.find_field(wanted.name);
      if (!have || !may_flow_to(have->type, wanted.type)) return false;
    }
  }
  return true;
}

Type join(Type a, Type b) {
  if (a == b) return a;
  if (a.is_error() || b.is_error()) return Type::error();
  if (a.is_any() || b.is_any()) return Type::any();
  if (a.is(TypeKind::Null)) return Type::nullable(b);
  if (b.is(TypeKind::Null)) return Type::nullable(a);
  if (a.is(TypeKind::Nullable) || b.is(TypeKind::Nullable)) {
    Type inner = join(non_null(a), non_null(b));
    return inner.is_any() ? inner : Type::nullable(inner);
  }
  if (a.is_numeric() && b.is_numeric()) return Type::number();
  if (a.kind() != b.kind()) return Type::any();
  if (a.is(TypeKind::List)) return Type::list(join(a.element(), b.element()));
  if (a.is(TypeKind::Record)) {
    if (!a.is_closed_record() || !b.is_closed_record() || a.fields().size() != b.fields().size()) {
      return Type::record();
    }
    std::vector<RecordField> fields;
    for (std::size_t i = 0; i < a.fields().size(); ++i) {
      if (a.fields()[i].name != b.fields()[i].name) return Type::record();
      fields.push_back({a.fields()[i].name, join(a.fields()[i].type, b.fields()[i].type)});
    }
    return Type::record(fields);
  }
  return Type::any();
}

}  // namespace plumb
