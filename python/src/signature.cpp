// Type specs to plumb::Type, and a description to a StageDef.
#include "python/src/signature.hpp"

#include <vector>

#include "python/src/values.hpp"

namespace plumb::python {

namespace py = pybind11;

namespace {

Type type_from_spec(py::handle spec) {
  if (py::isinstance<py::str>(spec)) {
    std::string name = py::str(spec);
    if (name == "int") return Type::integer();
    if (name == "float") return Type::number();
    if (name == "str") return Type::string();
    if (name == "bool") return Type::boolean();
    if (name == "null") return Type::null();
    if (name == "any") return Type::any();
    if (name == "record") return Type::record();
    throw py::value_error("unknown plumb type `" + name + "`");
  }
  py::tuple pair = py::cast<py::tuple>(spec);
  if (pair.size() != 2) throw py::value_error("a type spec is a name or a (kind, argument) pair");
  std::string kind = py::str(pair[0]);
  if (kind == "list") return Type::list(type_from_spec(pair[1]));
  if (kind == "nullable") {
    Type inner = type_from_spec(pair[1]);
    return inner.is_any() || inner.is(TypeKind::Null) || inner.is(TypeKind::Nullable)
               ? inner
               : Type::nullable(inner);
  }
  if (kind == "record") {
    std::vector<RecordField> fields;
    for (py::handle field : py::cast<py::tuple>(pair[1])) {
      py::tuple named = py::cast<py::tuple>(field);
      fields.push_back(RecordField{py::str(named[0]), type_from_spec(named[1])});
    }
    return Type::record(fields);
  }
  throw py::value_error("unknown plumb type kind `" + kind + "`");
}

Purity purity_from(const std::string& name, const std::string& stage) {
  if (name == "pure") return Purity::Pure;
  if (name == "volatile") return Purity::Volatile;
  if (name == "effect") return Purity::Effect;
  throw py::value_error("stage `" + stage + "`: purity must be \"pure\", \"volatile\" or " +
                        "\"effect\", not \"" + name + "\"");
}

}  // namespace

StageDef stage_from_description(const StageDescription& d, py::object function) {
  StageSignature signature;
  signature.name = d.name;
  signature.purity = purity_from(d.purity, d.name);
  signature.version = d.version;
  signature.summary = d.summary;
  signature.blocking = d.blocking;
  signature.extra_keywords = d.extra_keywords;
  signature.result = type_from_spec(d.result);
  PythonCallShape shape;
  for (py::handle entry : d.params) {
    py::tuple p = py::cast<py::tuple>(entry);
    if (p.size() != 5)
      throw py::value_error("a parameter is (name, type, has default, default, keyword-only)");
    Param param;
    param.name = py::str(p[0]);
    param.type = type_from_spec(p[1]);
    if (p[2].cast<bool>()) {
      try {
        param.default_value = to_value(p[3].ptr());
      } catch (const ConversionError& e) {
        raise_conversion(e,
                         "stage `" + d.name + "`: the default of parameter `" + param.name + "`: ");
      }
    }
    if (p[4].cast<bool>()) {
      shape.keyword_only.push_back(param.name);
    } else if (!shape.keyword_only.empty()) {
      throw py::value_error("stage `" + d.name + "`: parameter `" + param.name +
                            "` is positional but follows a keyword-only one");
    } else {
      ++shape.positional;
    }
    signature.params.push_back(std::move(param));
  }
  return python_stage(std::move(signature), std::move(function), std::move(shape));
}

}  // namespace plumb::python
