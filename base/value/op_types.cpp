// Static typing rules of the operators, matching ops.cpp: precise result types where the
// operand types decide them, `any` where run-time values decide, and `error` only when no
// values of the operand types could succeed. `error` operands poison the result silently;
// nullable operands are typed like their inner type (null is a run-time error).
#include "base/value/ops.hpp"

namespace plumb::ops {
namespace {

bool is_any(Type t) {
  return t.is_any();
}
bool may_be(Type t, TypeKind kind) {
  return t.is_any() || t.is(kind);
}
bool may_be_number(Type t) {
  return t.is_any() || t.is_numeric();
}

bool comparable(Type a, Type b) {
  if (is_any(a) || is_any(b)) return true;
  if (a.is_numeric() && b.is_numeric()) return true;
  // Lists compare element by element; two empty lists always compare.
  return a.kind() == b.kind() &&
         (a.is(TypeKind::Str) || a.is(TypeKind::Bool) || a.is(TypeKind::List));
}

Type numeric_type(Binary op, Type a, Type b) {
  if (!may_be_number(a) || !may_be_number(b)) return Type::error();
  if (op == Binary::Div) return Type::number();
  if (a.is(TypeKind::Int) && b.is(TypeKind::Int)) return Type::integer();
  if (a.is(TypeKind::Float) || b.is(TypeKind::Float)) return Type::number();
  return Type::any();
}

Type add_type(Type a, Type b) {
  if (a.is(TypeKind::Str) || b.is(TypeKind::Str)) {
    return may_be(a, TypeKind::Str) && may_be(b, TypeKind::Str) ? Type::string() : Type::error();
  }
  if (a.is(TypeKind::List) || b.is(TypeKind::List)) {
    if (!may_be(a, TypeKind::List) || !may_be(b, TypeKind::List)) return Type::error();
    return Type::list(join(a.element(), b.element()));
  }
  return numeric_type(Binary::Add, a, b);
}

}  // namespace

Type binary_type(Binary op, Type lhs, Type rhs) {
  if (lhs.is_error() || rhs.is_error()) return Type::error();
  Type a = non_null(lhs), b = non_null(rhs);
  switch (op) {
    case Binary::Eq:
    case Binary::Ne:
      return Type::boolean();
    case Binary::And:
    case Binary::Or:
      return may_be(a, TypeKind::Bool) && may_be(b, TypeKind::Bool) ? Type::boolean()
                                                                    : Type::error();
    case Binary::Lt:
    case Binary::Le:
    case Binary::Gt:
    case Binary::Ge:
      return comparable(a, b) ? Type::boolean() : Type::error();
    case Binary::Add:
      return add_type(a, b);
    default:
      return numeric_type(op, a, b);
  }
}

Type unary_type(Unary op, Type operand) {
  if (operand.is_error()) return Type::error();
  Type t = non_null(operand);
  if (op == Unary::Not) return may_be(t, TypeKind::Bool) ? Type::boolean() : Type::error();
  return may_be_number(t) ? t : Type::error();
}

Type field_type(Type object, std::string_view name) {
  if (object.is_error()) return Type::error();
  Type t = non_null(object);
  if (t.is_any()) return Type::any();
  if (!t.is(TypeKind::Record)) return Type::error();
  if (!t.is_closed_record()) return Type::any();
  const RecordField* field = t.find_field(name);
  return field ? field->type : Type::error();
}

Type index_type(Type object, Type at) {
  if (object.is_error() || at.is_error()) return Type::error();
  Type o = non_null(object), i = non_null(at);
  switch (o.kind()) {
    case TypeKind::Any:
      return may_be(i, TypeKind::Int) || i.is(TypeKind::Str) ? Type::any() : Type::error();
    case TypeKind::List:
      return may_be(i, TypeKind::Int) ? o.element() : Type::error();
    case TypeKind::Str:
      return may_be(i, TypeKind::Int) ? Type::string() : Type::error();
    case TypeKind::Record:
      return may_be(i, TypeKind::Str) ? Type::any() : Type::error();
    default:
      return Type::error();
  }
}

}  // namespace plumb::ops
