// Stage signatures from the description python/plumb/_hints.py makes of a Python function:
// its parameters (name, type, default, keyword-only), extra keywords, result type, purity,
// version, summary and blocking. Types are nested specs: "int" "float" "str" "bool" "null"
// "any" "record", ("list", T), ("nullable", T) or ("record", ((name, T), ...)).
#pragma once

#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <plumb/stage.hpp>

#include "python/src/python_stage.hpp"

namespace plumb::python {

struct StageDescription {
  std::string name;
  pybind11::list params;  // (name, type spec, has default, default, keyword-only) tuples
  std::string extra_keywords;
  pybind11::object result;  // a type spec
  std::string purity;       // pure | volatile | effect
  std::string version;
  std::string summary;
  std::optional<bool> blocking;
};

// Throws ValueError or TypeError (through pybind11) for a description plumb cannot use.
StageDef stage_from_description(const StageDescription& description, pybind11::object function);

}  // namespace plumb::python
