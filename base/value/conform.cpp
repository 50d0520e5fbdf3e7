// value_fits.
#include "base/value/conform.hpp"

#include <algorithm>

namespace plumb {

bool value_fits(const Value& v, Type t) {
  switch (t.kind()) {
    case TypeKind::Any:
    case TypeKind::Error:
      return true;
    case TypeKind::Null:
      return v.is_null();
    case TypeKind::Nullable:
      return v.is_null() || value_fits(v, t.element());
    case TypeKind::Bool:
      return v.is_bool();
    case TypeKind::Int:
      return v.is_int();
    case TypeKind::Float:
      return v.is_number();
    case TypeKind::Str:
      return v.is_str();
    case TypeKind::List: {
      if (!v.is_list()) return false;
      Type element = t.element();
      if (element.is_any()) return true;
      auto items = v.as_list();
      return std::all_of(items.begin(), items.end(),
                         [&](const Value& item) { return value_fits(item, element); });
    }
    case TypeKind::Record: {
      if (!v.is_record()) return false;
      for (const RecordField& f : t.fields()) {
        const Value* field = v.find_field(f.name);
        if (!field || !value_fits(*field, f.type)) return false;
      }
      return true;
    }
  }
  return true;
}

}  // namespace plumb
