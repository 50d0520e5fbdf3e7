// List and record built-ins: keys, values, get, sort, reverse, slice, flatten, enumerate, zip.
#include <algorithm>
#include <string>
#include <vector>

#include "base/value/builtins_impl.hpp"
#include "base/value/ops.hpp"
#include "base/value/unicode.hpp"

namespace plumb::builtins::impl {
namespace {

constexpr std::string_view kListOrStr = "a `list` or `str`";

// Python's slice bounds: negative counts from the end, then clamped to [0, size].
std::size_t slice_bound(const Value& bound, std::size_t size, std::size_t if_null,
                        std::size_t arg) {
  if (bound.is_null()) return if_null;
  if (!bound.is_int()) type_error("slice", arg, "an `int` or `null`", bound);
  auto n = static_cast<std::int64_t>(size);
  std::int64_t i = bound.as_int();
  if (i < 0) i = i < -n ? 0 : i + n;
  return static_cast<std::size_t>(std::min(i, n));
}

// The type of a list, or of a list or string, passed through unchanged.
Inferred infer_same(Types args, TypeProblem& problem, std::string_view function, bool strings) {
  Type x = non_null(args[0]);
  if (x.is(TypeKind::List) || x.is_any() || (strings && x.is(TypeKind::Str))) return x;
  return impl::problem(problem, function, 0, strings ? kListOrStr : "a `list`", args[0]);
}

Type list_element(Type list) {
  return list.is_any() ? Type::any() : non_null(list).element();
}

}  // namespace

Value call_keys(Args args) {
  if (!args[0].is_record()) type_error("keys", 0, "a `record`", args[0]);
  ShapeView shape = args[0].shape();
  std::vector<Value> keys;
  keys.reserve(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i)
    keys.push_back(Value::string(shape.key(i)));
  return Value::list(std::move(keys));
}

Inferred infer_keys(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::Record)) {
    return impl::problem(problem, "keys", 0, "a `record`", args[0]);
  }
  return Type::list(Type::string());
}

Value call_values(Args args) {
  if (!args[0].is_record()) type_error("values", 0, "a `record`", args[0]);
  return Value::list(args[0].field_values());
}

Inferred infer_values(Types args, TypeProblem& problem) {
  Type r = non_null(args[0]);
  if (!may_be(r, TypeKind::Record)) return impl::problem(problem, "values", 0, "a `record`", r);
  if (!r.is_closed_record() || r.fields().empty()) return Type::list(Type::any());
  Type element = r.fields()[0].type;
  for (const RecordField& field : r.fields())
    element = join(element, field.type);
  return Type::list(element);
}

Value call_get(Args args) {
  const Value& object = args[0];
  Value fallback = args.size() == 3 ? args[2] : Value();
  if (object.is_record()) {
    const Value* value = object.find_field(str_arg(args, 1, "get"));
    return value ? *value : fallback;
  }
  if (object.is_list()) {
    auto items = object.as_list();
    auto n = static_cast<std::int64_t>(items.size());
    std::int64_t i = int_arg(args, 1, "get");
    if (i < 0) i += n;
    return i >= 0 && i < n ? items[static_cast<std::size_t>(i)] : fallback;
  }
  type_error("get", 0, "a `record` or `list`", object);
}

Inferred infer_get(Types args, TypeProblem& problem) {
  Type object = non_null(args[0]);
  Type fallback = args.size() == 3 ? args[2] : Type::null();
  if (object.is(TypeKind::List)) {
    if (!may_be(args[1], TypeKind::Int))
      return impl::problem(problem, "get", 1, "an `int`", args[1]);
    return join(object.element(), fallback);
  }
  if (object.is(TypeKind::Record)) {
    if (!may_be(args[1], TypeKind::Str))
      return impl::problem(problem, "get", 1, "a `str`", args[1]);
    return Type::any();
  }
  if (object.is_any()) {
    if (!may_be(args[1], TypeKind::Int) && !may_be(args[1], TypeKind::Str)) {
      return impl::problem(problem, "get", 1, "a `str` or `int`", args[1]);
    }
    return Type::any();
  }
  return impl::problem(problem, "get", 0, "a `record` or `list`", args[0]);
}

Value call_sort(Args args) {
  std::span<const Value> items = list_arg(args, 0, "sort");
  std::vector<Value> sorted(items.begin(), items.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Value& a, const Value& b) { return ops::compare(a, b) < 0; });
  return Value::list(std::move(sorted));
}

Inferred infer_sort(Types args, TypeProblem& problem) {
  Inferred type = infer_same(args, problem, "sort", false);
  if (type && type->is_any()) return Type::list(Type::any());
  return type;
}

Value call_reverse(Args args) {
  const Value& x = args[0];
  if (x.is_list()) {
    auto items = x.as_list();
    return Value::list(std::vector<Value>(items.rbegin(), items.rend()));
  }
  if (!x.is_str()) type_error("reverse", 0, kListOrStr, x);
  std::string_view text = x.as_str();
  std::string out;
  out.reserve(text.size());
  for (std::size_t end = text.size(); end > 0;) {
    std::size_t start = unicode::previous_unit(text, end);
    out.append(text, start, end - start);
    end = start;
  }
  return Value::string(out);
}

Inferred infer_reverse(Types args, TypeProblem& problem) {
  return infer_same(args, problem, "reverse", true);
}

Value call_slice(Args args) {
  const Value& x = args[0];
  const Value& end = args.size() == 3 ? args[2] : Value();
  if (x.is_list()) {
    auto items = x.as_list();
    std::size_t from = slice_bound(args[1], items.size(), 0, 1);
    std::size_t to = slice_bound(end, items.size(), items.size(), 2);
    if (from == 0 && to == items.size()) return x;
    return Value::list(items.subspan(from, to > from ? to - from : 0));
  }
  if (!x.is_str()) type_error("slice", 0, kListOrStr, x);
  std::string_view text = x.as_str();
  std::size_t count = unicode::code_point_count(text);
  std::size_t from = slice_bound(args[1], count, 0, 1);
  std::size_t to = slice_bound(end, count, count, 2);
  return Value::string(unicode::slice(text, from, to));
}

Inferred infer_slice(Types args, TypeProblem& problem) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!may_be(args[i], TypeKind::Int) && !args[i].is(TypeKind::Null)) {
      return impl::problem(problem, "slice", i, "an `int` or `null`", args[i]);
    }
  }
  return infer_same(args, problem, "slice", true);
}

Value call_flatten(Args args) {
  std::vector<Value> out;
  for (const Value& item : list_arg(args, 0, "flatten")) {
    if (item.is_list()) {
      auto inner = item.as_list();
      out.insert(out.end(), inner.begin(), inner.end());
    } else {
      out.push_back(item);
    }
  }
  return Value::list(std::move(out));
}

Inferred infer_flatten(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::List)) {
    return impl::problem(problem, "flatten", 0, "a `list`", args[0]);
  }
  Type element = list_element(args[0]);
  if (element.is(TypeKind::List)) return Type::list(element.element());
  if (element.is(TypeKind::Nullable) && element.element().is(TypeKind::List)) {
    return Type::list(Type::nullable(element.element().element()));
  }
  return Type::list(element);
}

Value call_enumerate(Args args) {
  static const std::string_view kKeys[] = {"index", "value"};
  static const Shape shape{std::span<const std::string_view>(kKeys)};
  std::span<const Value> items = list_arg(args, 0, "enumerate");
  std::vector<Value> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value fields[] = {Value::integer(static_cast<std::int64_t>(i)), items[i]};
    out.push_back(Value::record(shape, fields));
  }
  return Value::list(std::move(out));
}

Inferred infer_enumerate(Types args, TypeProblem& problem) {
  if (!may_be(args[0], TypeKind::List)) {
    return impl::problem(problem, "enumerate", 0, "a `list`", args[0]);
  }
  const RecordField fields[] = {{"index", Type::integer()}, {"value", list_element(args[0])}};
  return Type::list(Type::record(fields));
}

Value call_zip(Args args) {
  std::size_t rows = SIZE_MAX;
  for (std::size_t i = 0; i < args.size(); ++i)
    rows = std::min(rows, list_arg(args, i, "zip").size());
  std::vector<Value> out;
  out.reserve(rows);
  std::vector<Value> row;
  for (std::size_t r = 0; r < rows; ++r) {
    row.clear();
    for (const Value& list : args)
      row.push_back(list.as_list()[r]);
    out.push_back(Value::list(std::move(row)));
  }
  return Value::list(std::move(out));
}

Inferred infer_zip(Types args, TypeProblem& problem) {
  Type element = Type::error();
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (!may_be(args[i], TypeKind::List)) {
      return impl::problem(problem, "zip", i, "a `list`", args[i]);
    }
    Type t = list_element(args[i]);
    element = i == 0 ? t : join(element, t);
  }
  return Type::list(Type::list(element));
}

}  // namespace plumb::builtins::impl
